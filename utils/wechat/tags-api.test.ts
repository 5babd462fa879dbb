import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { createWechatClient } from './client';
import { TokenCache } from './token-cache';
import {
  BATCH_TAGGING_PATH,
  BATCH_UNTAGGING_PATH,
  batchTag,
  batchUntag,
  createTag,
  fetchTags,
  renameTag,
  validateNewTagName,
  validateTagName,
} from './tags-api';

const BASE = 'https://api.weixin.qq.com';
const RELAY = 'https://wx-relay.example.com';

/** fetch answering each request with the next body (the last repeats); every request recorded. */
function answering(...bodies: unknown[]) {
  const calls: { url: URL; method: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      calls.push({ url: new URL(String(input)), method: init.method ?? 'GET', body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      const body = bodies.length > 1 ? bodies.shift() : bodies[0];
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

const OK = { errcode: 0, errmsg: 'ok' };
const openids = (n: number) => Array.from({ length: n }, (_, i) => `o${i}`);

afterEach(() => vi.unstubAllGlobals());

describe('tag names (contract §9: at most 30 UTF-8 bytes)', () => {
  it('counts bytes: 10 Chinese characters (30 bytes) fit, 11 do not, nor 31 ASCII letters', () => {
    expect(validateTagName('一二三四五六七八九十')).toBe('一二三四五六七八九十');
    expect(validateTagName('a'.repeat(30))).toBe('a'.repeat(30));
    expect(() => validateTagName('一二三四五六七八九十一')).toThrow('tag_name_too_long');
    expect(() => validateTagName('一二三四五六七八九十a')).toThrow('tag_name_too_long');
    expect(() => validateTagName('a'.repeat(31))).toThrow('tag_name_too_long');
  });

  it('trims the spaces around a name and refuses one that is only spaces', () => {
    expect(validateTagName('  门店 ')).toBe('门店');
    expect(() => validateTagName('   ')).toThrow('tag_name_empty');
  });

  it('a new name is checked against the tags listed: taken (星标组 too) is tag_name_taken, the 101st own tag tag_too_many', () => {
    const listed = [
      { id: 2, name: '星标组', count: 0 },
      { id: 127, name: '广东', count: 5 },
    ];
    expect(validateNewTagName(' 广东人 ', listed)).toBe('广东人');
    expect(() => validateNewTagName('广东', listed)).toThrow('tag_name_taken');
    expect(() => validateNewTagName('星标组', listed)).toThrow('tag_name_taken');
    const hundred = [...listed.slice(0, 1), ...Array.from({ length: 100 }, (_, i) => ({ id: 100 + i, name: `t${i}`, count: 0 }))];
    expect(() => validateNewTagName('one more', hundred)).toThrow('tag_too_many');
    expect(validateNewTagName('one more', hundred.slice(0, 100))).toBe('one more');
  });

  it('a name too long or empty never costs a call', async () => {
    const calls = answering({ tag: { id: 134, name: 'x' } });
    expect((await rejection(createTag(BASE, 'T', '一二三四五六七八九十一'))).code).toBe('tag_name_too_long');
    expect((await rejection(renameTag(BASE, 'T', 134, ''))).code).toBe('tag_name_empty');
    expect(calls).toHaveLength(0);
  });
});

describe('the tag calls (contract §9)', () => {
  it('tags/get is a GET with the token, and reads id, name and count (a missing count is 0, a malformed entry dropped)', async () => {
    const calls = answering({ tags: [{ id: 2, name: '星标组', count: 0 }, { id: 127, name: '广东', count: 5 }, { id: 128, name: '新' }, { name: 'no id' }] });
    expect(await fetchTags(BASE, 'TO+KEN')).toEqual([
      { id: 2, name: '星标组', count: 0 },
      { id: 127, name: '广东', count: 5 },
      { id: 128, name: '新', count: 0 },
    ]);
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.url.pathname).toBe('/cgi-bin/tags/get');
    expect(calls[0]!.url.searchParams.get('access_token')).toBe('TO+KEN');
  });

  it('tags/get without a tags array is an unreadable answer, in the words of the relay it came through', async () => {
    answering({});
    expect((await rejection(fetchTags(BASE, 'T'))).code).toBe('bad_response');
    expect((await rejection(fetchTags(RELAY, 'T'))).code).toBe('relay_bad_response');
  });

  it('create posts {"tag":{"name"}} with the trimmed name and answers the new tag with count 0', async () => {
    const calls = answering({ tag: { id: 134, name: '广东' } });
    expect(await createTag(BASE, 'T', ' 广东 ')).toEqual({ id: 134, name: '广东', count: 0 });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url.pathname).toBe('/cgi-bin/tags/create');
    expect(calls[0]!.body).toEqual({ tag: { name: '广东' } });
  });

  it('create without a tag in the answer is unreadable', async () => {
    answering({ errcode: 0, errmsg: 'ok' });
    expect((await rejection(createTag(BASE, 'T', '广东'))).code).toBe('bad_response');
  });

  it('update posts {"tag":{"id","name"}}', async () => {
    const calls = answering(OK);
    await renameTag(BASE, 'T', 134, '广东人');
    expect(calls[0]!.url.pathname).toBe('/cgi-bin/tags/update');
    expect(calls[0]!.body).toEqual({ tag: { id: 134, name: '广东人' } });
  });

  it('batchtagging and batchuntagging post {"openid_list","tagid"} to their own paths', async () => {
    const calls = answering(OK);
    await batchTag(BASE, 'T', 134, ['oA', 'oB']);
    await batchUntag(BASE, 'T', 134, ['oA']);
    expect(calls.map((c) => [c.url.pathname, c.body])).toEqual([
      [BATCH_TAGGING_PATH, { openid_list: ['oA', 'oB'], tagid: 134 }],
      [BATCH_UNTAGGING_PATH, { openid_list: ['oA'], tagid: 134 }],
    ]);
  });

  it("never touches WeChat's own tags 0, 1 and 2: refused before any call", async () => {
    const calls = answering(OK);
    for (const id of [0, 1, 2]) {
      expect((await rejection(batchTag(BASE, 'T', id, ['oA']))).code).toBe('tag_system');
      expect((await rejection(batchUntag(BASE, 'T', id, ['oA']))).code).toBe('tag_system');
      expect((await rejection(renameTag(BASE, 'T', id, 'x'))).code).toBe('tag_system');
    }
    expect((await rejection(batchTag(BASE, 'T', 3.5, ['oA']))).code).toBe('tag_system');
    expect(calls).toHaveLength(0);
  });

  it('sends 1 to 50 openids a call: 50 go, 51 or none is a bug of the caller and never sent', async () => {
    const calls = answering(OK);
    await batchTag(BASE, 'T', 134, openids(50));
    await expect(batchTag(BASE, 'T', 134, openids(51))).rejects.toThrow('1 to 50');
    await expect(batchUntag(BASE, 'T', 134, [])).rejects.toThrow('1 to 50');
    expect(calls).toHaveLength(1);
  });
});

describe('tag errcodes in tag words (contract §9)', () => {
  it.each([
    [45056, 'tag_too_many'],
    [45157, 'tag_name_taken'],
    [45158, 'tag_name_too_long'],
    [45058, 'tag_system'],
    [45159, 'tag_missing'],
    [45059, 'tag_follower_cap'],
    [40003, 'tag_follower_gone'],
    [49003, 'tag_follower_foreign'],
    [40032, 'wechat_our_bug'],
    [45009, 'tag_daily_quota'],
    [48001, 'tag_unauthorized'],
  ] as const)('%i becomes %s, keeping errcode, errmsg and rid', async (errcode, code) => {
    answering({ errcode, errmsg: `refused rid: r-${errcode}` });
    expect(await rejection(batchTag(BASE, 'T', 134, ['oA']))).toEqual({ code, errcode, errmsg: 'refused', rid: `r-${errcode}` });
  });

  it("keeps other errors as they are: a token error stays one (the client retries it), and so does the relay's whitelist refusal", async () => {
    answering({ errcode: 40001, errmsg: 'invalid credential' });
    expect((await rejection(createTag(BASE, 'T', 'x'))).code).toBe('wechat_secret_or_token');
    answering({ errcode: 40164, errmsg: 'invalid ip 192.0.2.9 ipv6 ::ffff:192.0.2.9, not in whitelist' });
    expect(await rejection(fetchTags(RELAY, 'T'))).toMatchObject({ code: 'relay_ip_whitelist', params: [RELAY, '192.0.2.9'] });
  });
});

describe('the tag calls through the account client', () => {
  function accountClient() {
    let tokens = 0;
    const fetchToken = vi.fn(async () => ({ accessToken: `TOKEN-${++tokens}`, expiresIn: 7200 }));
    return createWechatClient({ tokenCache: new TokenCache(), sleep: async () => {} }).for({ appId: 'wx0123456789abcdef', apiBase: BASE, fetchToken });
  }

  it('an expired token is fetched again once and the tagging call sent again with the new one', async () => {
    const calls = answering({ errcode: 42001, errmsg: 'access_token expired' }, OK);
    await accountClient().batchTag(134, ['oA']);
    expect(calls.map((c) => c.url.searchParams.get('access_token'))).toEqual(['TOKEN-1', 'TOKEN-2']);
  });

  it('-1 is retried; a follower refusal (45059) is not, and comes back in tag words', async () => {
    const calls = answering({ errcode: -1, errmsg: 'system error' }, { errcode: 45059, errmsg: 'tag limit' });
    expect((await rejection(accountClient().batchTag(134, ['oA', 'oB']))).code).toBe('tag_follower_cap');
    expect(calls).toHaveLength(2);
  });
});
