import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAM_NAMES, labelFor, pickSceneParam, readLinkParams } from './link-params';

const pick = (link: string) => {
  const read = readLinkParams(link);
  return read && pickSceneParam(read, DEFAULT_PARAM_NAMES);
};

describe('reading a scene from a link', () => {
  it('takes the first configured parameter present, in the configured order', () => {
    expect(pick('https://shop.example.com/?utm_source=wx&channel=spring-fair')).toEqual(['channel', 'spring-fair']);
    expect(pick('https://shop.example.com/?from=a&source=b')).toEqual(['from', 'a']);
  });

  it('decodes percent-escapes and + as a space', () => {
    expect(pick('https://x.example/?scene=%E6%98%A5%E5%AD%A3+fair%2B1')).toEqual(['scene', '春季 fair+1']);
  });

  it('uses the first value of a repeated parameter', () => {
    expect(pick('https://x.example/?channel=first&channel=second')).toEqual(['channel', 'first']);
  });

  it('reads a query inside the hash, as single-page apps put it', () => {
    expect(pick('https://m.example.com/#/page?channel=x%20y')).toEqual(['channel', 'x y']);
    expect(readLinkParams('https://m.example.com/?a=1#/p?a=2&b=3')?.params).toEqual([
      ['a', '1'],
      ['b', '3'],
    ]);
  });

  it('keeps unicode parameter names and values', () => {
    expect(readLinkParams('https://x.example/?渠道=门店')?.params).toEqual([['渠道', '门店']]);
  });

  it('finds nothing when no configured parameter is there, but lists the others to pick from', () => {
    const read = readLinkParams('https://x.example/path?id=7&ref=poster');
    expect(pickSceneParam(read!, DEFAULT_PARAM_NAMES)).toBeUndefined();
    expect(read!.params).toEqual([
      ['id', '7'],
      ['ref', 'poster'],
    ]);
  });

  it('returns overlong and empty values as they are, for the form to explain', () => {
    expect(pick(`https://x.example/?scene=${'a'.repeat(80)}`)?.[1]).toHaveLength(80);
    expect(pick('https://x.example/?scene=&channel=b')).toEqual(['scene', '']);
  });

  it.each(['javascript:alert(1)//?scene=x', 'data:text/html,?scene=x', 'file:///tmp/a?scene=x', 'not a url'])('refuses %s', (link) => {
    expect(readLinkParams(link)).toBeUndefined();
  });

  it('labels the value with the link host and path', () => {
    const read = readLinkParams('https://shop.example.com/landing/spring?channel=fair')!;
    expect(labelFor('fair', read)).toBe('fair · shop.example.com/landing/spring');
    expect(labelFor('fair', readLinkParams('https://shop.example.com/?channel=fair')!)).toBe('fair · shop.example.com');
  });
});
