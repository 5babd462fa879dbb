// @vitest-environment node
// Node's own fetch against real local servers: the relay's faults as the browser's fetch meets them.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { type LocalServer, closedOrigin, startLocalServer } from '@/test/unit/local-server';
import { REQUEST_TIMEOUT_MS, answererOf, unreadableAnswer, wechatJson } from './http';

const TOKEN = 'ACCESS-TOKEN-NOT-IN-ERRORS-0123456789';

/** A relay whose every path answers as the test sets it. */
let relay: LocalServer;
let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{}' };

beforeAll(async () => {
  relay = await startLocalServer((_req, res) => {
    res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
});
afterAll(() => relay?.close());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const relayUrl = () => `${relay.origin}/wx/cgi-bin/qrcode/create?access_token=${TOKEN}`;

describe('answererOf: who answers a URL', () => {
  it("WeChat's two origins are WeChat; any other base is the relay, by its origin alone", () => {
    expect(answererOf(`https://api.weixin.qq.com/cgi-bin/token?secret=x`)).toEqual({ kind: 'wechat' });
    expect(answererOf('https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t')).toEqual({ kind: 'wechat' });
    expect(answererOf(`https://wx-relay.example.com/wx/cgi-bin/stable_token?access_token=${TOKEN}`)).toEqual({
      kind: 'relay',
      origin: 'https://wx-relay.example.com',
    });
    // Plain http to WeChat's host is not WeChat's API (which is https only).
    expect(answererOf('http://api.weixin.qq.com/cgi-bin/token')).toEqual({ kind: 'relay', origin: 'http://api.weixin.qq.com' });
  });

  it('a caller may declare the token server', () => {
    expect(answererOf('https://tokens.example.com/token?app=1', 'token_server')).toEqual({ kind: 'token_server', origin: 'https://tokens.example.com' });
  });
});

describe('wechatJson through a relay: its faults name the relay', () => {
  it('a 502 is relay_http_status with the origin and the status', async () => {
    answer = { status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } };
    expect(await rejection(wechatJson(relayUrl()))).toEqual({ code: 'relay_http_status', params: [relay.origin, '502'], status: 502 });
  });

  it('an HTML page with 200 is relay_bad_response', async () => {
    answer = { status: 200, body: '<!doctype html><title>login</title>', headers: { 'Content-Type': 'text/html' } };
    expect(await rejection(wechatJson(relayUrl()))).toEqual({ code: 'relay_bad_response', params: [relay.origin] });
  });

  it('a redirect is not followed: relay_redirect', async () => {
    answer = { status: 302, body: '', headers: { Location: 'https://elsewhere.example.com/' } };
    expect(await rejection(wechatJson(relayUrl()))).toEqual({ code: 'relay_redirect', params: [relay.origin] });
  });

  it('nothing listening is relay_network with the origin', async () => {
    const origin = await closedOrigin();
    expect(await rejection(wechatJson(`${origin}/cgi-bin/stable_token`))).toEqual({ code: 'relay_network', params: [origin] });
  });

  it("WeChat's 40164 through the relay names the relay's IP (the one to whitelist)", async () => {
    answer = { status: 200, body: JSON.stringify({ errcode: 40164, errmsg: 'invalid ip 198.51.100.9 ipv6 ::ffff:198.51.100.9, not in whitelist rid: r-1' }) };
    expect(await rejection(wechatJson(relayUrl()))).toMatchObject({
      code: 'relay_ip_whitelist',
      params: [relay.origin, '198.51.100.9'],
      errcode: 40164,
      rid: 'r-1',
    });
  });

  it("other errcodes through the relay are WeChat's own (45009 stays the daily quota)", async () => {
    answer = { status: 200, body: JSON.stringify({ errcode: 45009, errmsg: 'reach max api daily quota limit' }) };
    expect((await rejection(wechatJson(relayUrl()))).code).toBe('wechat_daily_quota');
  });

  it('a success answer is returned as is', async () => {
    answer = { status: 200, body: JSON.stringify({ ticket: 't', url: 'u' }) };
    expect(await wechatJson(relayUrl())).toEqual({ ticket: 't', url: 'u' });
  });

  it('no error carries the access token of the URL', async () => {
    for (const status of [200, 302, 500]) {
      answer = { status, body: `not json ${TOKEN}` };
      expect(JSON.stringify(await rejection(wechatJson(relayUrl())))).not.toContain(TOKEN);
    }
  });
});

describe('wechatJson timeouts (fake timers, a fetch that never answers)', () => {
  it('a relay that never answers is relay_timeout after 15 s, even when fetch ignores its signal', async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>(() => {})),
    );
    const failed = rejection(wechatJson('https://wx-relay.example.com/cgi-bin/stable_token'));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(await failed).toEqual({ code: 'relay_timeout', params: ['https://wx-relay.example.com', '15'] });
  });

  it('aborts the fetch it gave up on', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => ((signal = init.signal ?? undefined), new Promise<Response>(() => {}))),
    );
    const failed = rejection(wechatJson('https://api.weixin.qq.com/cgi-bin/stable_token'));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(await failed).toEqual({ code: 'timeout', params: ['15'] });
    expect(signal?.aborted).toBe(true);
  });

  it('a body that stalls after the headers times out too', async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(new ReadableStream({ start() {} }), { status: 200 })),
    );
    const failed = rejection(wechatJson('https://wx-relay.example.com/cgi-bin/token'));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect((await failed).code).toBe('relay_timeout');
  });

  it('14.9 s is not yet a timeout', async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>(() => {})),
    );
    let settled = false;
    void wechatJson('https://wx-relay.example.com/cgi-bin/token').catch(() => (settled = true));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 100);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe(true);
  });
});

describe("wechatJson to WeChat itself keeps WeChat's words", () => {
  function stubAnswer(response: Response | Error) {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => (response instanceof Error ? Promise.reject(response) : response)),
    );
  }

  it('statuses, redirects, unreadable bodies and network faults', async () => {
    const url = 'https://api.weixin.qq.com/cgi-bin/stable_token';
    stubAnswer(new Response('busy', { status: 503 }));
    expect(await rejection(wechatJson(url))).toEqual({ code: 'http_status', params: ['503'], status: 503 });
    // What a browser's fetch gives for a redirect it did not follow.
    stubAnswer({ type: 'opaqueredirect', status: 0, ok: false } as Response);
    expect(await rejection(wechatJson(url))).toEqual({ code: 'bad_response' });
    stubAnswer(new Response('<html></html>'));
    expect(await rejection(wechatJson(url))).toEqual({ code: 'bad_response' });
    stubAnswer(new TypeError('Failed to fetch'));
    expect(await rejection(wechatJson(url))).toEqual({ code: 'network' });
  });

  it('61004 is the whitelist refusal with the IP from "requestIP:", 89501 the pending confirmation', async () => {
    const url = 'https://api.weixin.qq.com/cgi-bin/stable_token';
    stubAnswer(Response.json({ errcode: 61004, errmsg: 'access clientip is not registered requestIP: 203.0.113.8 rid: 6a-1' }));
    expect(await rejection(wechatJson(url))).toMatchObject({ code: 'wechat_ip_whitelist', params: ['203.0.113.8'], errcode: 61004 });
    stubAnswer(Response.json({ errcode: 89501, errmsg: 'this ip is waiting for admin confirmation rid: 6a-2' }));
    expect(await rejection(wechatJson(url))).toMatchObject({ code: 'wechat_risky_ip_pending', errcode: 89501, rid: '6a-2' });
  });

  it('does not follow redirects: fetch is asked for redirect "manual"', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => Response.json({ ok: 1 }));
    vi.stubGlobal('fetch', fetchMock);
    await wechatJson('https://api.weixin.qq.com/cgi-bin/stable_token');
    expect(fetchMock.mock.calls[0]![1].redirect).toBe('manual');
  });
});

describe('unreadableAnswer: for a JSON answer that lacks what the caller needs', () => {
  it("names the relay, the token server, or is WeChat's bad_response", () => {
    expect(unreadableAnswer(`https://wx-relay.example.com/cgi-bin/token?access_token=${TOKEN}`)).toEqual({
      code: 'relay_bad_response',
      params: ['https://wx-relay.example.com'],
    });
    expect(unreadableAnswer('https://tokens.example.com/t', 'token_server')).toEqual({
      code: 'token_server_bad_response',
      params: ['https://tokens.example.com'],
    });
    expect(unreadableAnswer('https://api.weixin.qq.com/cgi-bin/token')).toEqual({ code: 'bad_response' });
  });
});
