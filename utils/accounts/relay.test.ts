import { describe, expect, it } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { apiBaseOf, normaliseApiBase } from './relay';

describe('API base override', () => {
  it('keeps an https origin or path prefix, without the trailing slash', () => {
    expect(normaliseApiBase(' https://wx-relay.example.com/ ')).toBe('https://wx-relay.example.com');
    expect(normaliseApiBase('https://relay.example.com/wx/')).toBe('https://relay.example.com/wx');
    expect(normaliseApiBase('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normaliseApiBase('')).toBeUndefined();
  });

  it.each(['http://relay.example.com', 'https://user:pw@relay.example.com', 'https://relay.example.com/?x=1', 'ftp://relay.example.com', 'relay'])(
    'refuses %s',
    async (input) => {
      expect(await rejection(Promise.resolve().then(() => normaliseApiBase(input)))).toEqual({ code: 'api_base_invalid', field: 'apiBase' });
    },
  );

  it('defaults to WeChat', () => {
    expect(apiBaseOf({})).toBe('https://api.weixin.qq.com');
  });
});
