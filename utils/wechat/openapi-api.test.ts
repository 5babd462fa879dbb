import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { clearQuotaWithSecret, fetchApiQuota, fetchRidRequest } from './openapi-api';

const BASE = 'https://api.weixin.qq.com';

function answering(body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
      calls.push({ url: String(input), init });
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('contract §8 calls', () => {
  it('quota/get posts the cgi_path and reads daily_limit, used and remain', async () => {
    const calls = answering({ errcode: 0, errmsg: 'ok', quota: { daily_limit: 100000, used: 99850, remain: 150 } });
    expect(await fetchApiQuota(BASE, 'TOKEN', '/cgi-bin/qrcode/create')).toEqual({ dailyLimit: 100000, used: 99850, remain: 150 });
    expect(calls[0]!.url).toBe(`${BASE}/cgi-bin/openapi/quota/get?access_token=TOKEN`);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ cgi_path: '/cgi-bin/qrcode/create' });
  });

  it('quota/get without a quota object is an unreadable answer, and a WeChat errcode is its error', async () => {
    answering({ errcode: 0, errmsg: 'ok' });
    expect((await rejection(fetchApiQuota(BASE, 'T', '/cgi-bin/user/get'))).code).toBe('bad_response');
    answering({ errcode: 76021, errmsg: 'cgi_path not found, please check rid: 1-2' });
    expect((await rejection(fetchApiQuota(BASE, 'T', '/x'))).errcode).toBe(76021);
  });

  it('rid/get posts the rid and reads the request record', async () => {
    const calls = answering({
      errcode: 0,
      errmsg: 'ok',
      request: { invoke_time: 1700000000, cost_in_ms: 12, request_url: 'u', request_body: 'b', response_body: 'r', client_ip: '1.2.3.4' },
    });
    const record = await fetchRidRequest(BASE, 'T', 'abc-def');
    expect(record).toEqual({ invokeTime: 1700000000, costInMs: 12, requestUrl: 'u', requestBody: 'b', responseBody: 'r', clientIp: '1.2.3.4' });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ rid: 'abc-def' });
  });

  it('clear_quota/v2 posts appid and appsecret in the query, and 48006 (10 a month spent) is its error', async () => {
    const calls = answering({ errcode: 0, errmsg: 'ok' });
    await clearQuotaWithSecret(BASE, 'wxA', 'S');
    expect(calls[0]!.url).toBe(`${BASE}/cgi-bin/clear_quota/v2?appid=wxA&appsecret=S`);
    expect(calls[0]!.init.method).toBe('POST');
    answering({ errcode: 48006, errmsg: 'forbid to clear quota because of reaching the limit rid: 1' });
    expect((await rejection(clearQuotaWithSecret(BASE, 'wxA', 'S'))).errcode).toBe(48006);
  });
});
