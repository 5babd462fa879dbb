import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import type { QrCreateBody } from './qr-request';
import { tokenItem } from '@/utils/storage/items';
import { fetchClassicToken, fetchStableToken } from './token-endpoints';
import { TokenCache } from './token-cache';
import { BUSY_BACKOFF_MS, createWechatClient } from './client';
import { showQrCodeUrl } from './http';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const TICKET = 'gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw+/==';
const QR_URL = 'http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI';
const TEMPORARY: QrCreateBody = { expire_seconds: 604800, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 123 } } };
const PERMANENT: QrCreateBody = { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'store-42' } } };

interface Call {
  url: URL;
  method: string;
  body: unknown;
}

/** A JSON body, a Response, an Error for fetch to reject with, or a function producing one of those. */
type Answer = unknown;

/**
 * A fake WeChat: each endpoint path answers from its own queue (the last answer repeats),
 * and every request is recorded with its parsed JSON body.
 */
function fakeWechat(answers: Record<string, Answer[]>) {
  const calls: Call[] = [];
  const queues = new Map(Object.entries(answers).map(([path, list]) => [path, [...list]]));
  const fetchMock = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    // A retry loop must end the test with a failure, not hang it.
    if (calls.length >= 20) throw new Error('runaway: more than 20 requests');
    calls.push({
      url,
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    });
    const queue = queues.get(url.pathname);
    if (!queue || queue.length === 0) throw new Error(`unexpected request to ${url.pathname}`);
    const next = queue.length > 1 ? queue.shift() : queue[0];
    const answer = typeof next === 'function' ? await (next as () => Promise<Answer>)() : next;
    if (answer instanceof Error) throw answer;
    if (answer instanceof Response) return answer.clone();
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    fetchMock,
    to: (path: string) => calls.filter((call) => call.url.pathname === path),
  };
}

const tokenAnswer = (accessToken: string, expiresIn = 7200) => ({ access_token: accessToken, expires_in: expiresIn });
const created = { ticket: TICKET, expire_seconds: 604800, url: QR_URL };
const STABLE = '/cgi-bin/stable_token';
const CLASSIC = '/cgi-bin/token';
const CREATE = '/cgi-bin/qrcode/create';

function client(tokenSource: 'stable' | 'classic' = 'stable') {
  const fetcher = tokenSource === 'classic' ? fetchClassicToken : fetchStableToken;
  const sleep = vi.fn(async (_ms: number) => {});
  const tokenCache = new TokenCache();
  const wechat = createWechatClient({ tokenCache, sleep }).for({
    appId: APP_ID,
    apiBase: 'https://api.weixin.qq.com',
    fetchToken: () => fetcher({ appId: APP_ID, appSecret: APP_SECRET }),
  });
  return { wechat, sleep, tokenCache };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('token requests', () => {
  it('stable token: POST /cgi-bin/stable_token with exactly {grant_type, appid, secret, force_refresh:false}', async () => {
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')] });
    await client('stable').wechat.testConnection();

    expect(wechat.calls).toHaveLength(1);
    const [call] = wechat.calls;
    expect(call!.url.href).toBe('https://api.weixin.qq.com/cgi-bin/stable_token');
    expect(call!.method).toBe('POST');
    expect(call!.body).toStrictEqual({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET, force_refresh: false });
    expect(new Headers(wechat.fetchMock.mock.calls[0]![1]!.headers).get('Content-Type')).toBe('application/json');
  });

  it('never forces a stable-token refresh, not even when refetching after WeChat rejected the token', async () => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1'), tokenAnswer('TOKEN-2')],
      [CREATE]: [{ errcode: 40001, errmsg: 'invalid credential' }, created],
    });
    await client('stable').wechat.createQrCode(TEMPORARY);

    const tokenCalls = wechat.to(STABLE);
    expect(tokenCalls).toHaveLength(2);
    for (const call of tokenCalls) expect(call.body).toMatchObject({ force_refresh: false });
    expect(JSON.stringify(wechat.calls.map((c) => c.body))).not.toContain('"force_refresh":true');
  });

  it('classic token: GET /cgi-bin/token with grant_type, appid and secret in the query, and no stable_token call', async () => {
    const wechat = fakeWechat({ [CLASSIC]: [tokenAnswer('TOKEN-1')] });
    await client('classic').wechat.testConnection();

    expect(wechat.calls).toHaveLength(1);
    const [call] = wechat.calls;
    expect(call!.method).toBe('GET');
    expect(call!.body).toBeUndefined();
    expect(call!.url.origin + call!.url.pathname).toBe('https://api.weixin.qq.com/cgi-bin/token');
    expect(Object.fromEntries(call!.url.searchParams)).toEqual({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET });
  });

  it('a token response without access_token is a bad_response', async () => {
    fakeWechat({ [STABLE]: [{ expires_in: 7200 }] });
    expect((await rejection(client().wechat.testConnection())).code).toBe('bad_response');
  });

  it('a 40164 on the token call names the IP WeChat saw and keeps the rid', async () => {
    fakeWechat({
      [STABLE]: [{ errcode: 40164, errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6543-abc' }],
    });
    expect(await rejection(client().wechat.testConnection())).toMatchObject({
      code: 'wechat_ip_whitelist',
      errcode: 40164,
      params: ['203.0.113.7'],
      rid: '6543-abc',
    });
  });
});

describe('createQrCode: request and response', () => {
  it('POSTs the body unchanged to /cgi-bin/qrcode/create with the token in access_token', async () => {
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOK+EN/1=')], [CREATE]: [created] });
    await client().wechat.createQrCode(TEMPORARY);

    const [call] = wechat.to(CREATE);
    expect(call!.method).toBe('POST');
    expect(call!.url.searchParams.get('access_token')).toBe('TOK+EN/1=');
    expect(call!.body).toStrictEqual(TEMPORARY);
  });

  it('parses ticket, url and expire_seconds of a temporary code', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [created] });
    expect(await client().wechat.createQrCode(TEMPORARY)).toEqual({ ticket: TICKET, url: QR_URL, expireSeconds: 604800 });
  });

  it('parses a missing expire_seconds (permanent code) as null', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [{ ticket: TICKET, url: QR_URL }] });
    expect((await client().wechat.createQrCode(PERMANENT)).expireSeconds).toBeNull();
  });

  it('parses expire_seconds 0 (seen once for a permanent code) as null', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [{ ticket: TICKET, url: QR_URL, expire_seconds: 0 }] });
    expect((await client().wechat.createQrCode(PERMANENT)).expireSeconds).toBeNull();
  });

  it('treats errcode 0 as success', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [{ errcode: 0, errmsg: 'ok', ...created }] });
    expect(await client().wechat.createQrCode(TEMPORARY)).toEqual({ ticket: TICKET, url: QR_URL, expireSeconds: 604800 });
  });

  it('a success body without a ticket is a bad_response', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [{ url: QR_URL }] });
    expect((await rejection(client().wechat.createQrCode(TEMPORARY))).code).toBe('bad_response');
  });

  it("through a relay, a success body without a ticket or a user list is the relay's unreadable answer, naming it", async () => {
    fakeWechat({ [CREATE]: [{ url: QR_URL }], '/cgi-bin/user/info/batchget': [{ nothing: true }] });
    const relayed = createWechatClient({ tokenCache: new TokenCache(), sleep: async () => {} }).for({
      appId: APP_ID,
      apiBase: 'https://wx-relay.example.com',
      fetchToken: async () => ({ accessToken: 'TOKEN-RELAY-0123456789', expiresIn: 7200 }),
    });
    expect(await rejection(relayed.createQrCode(TEMPORARY))).toMatchObject({ code: 'relay_bad_response', params: ['https://wx-relay.example.com'] });
    expect(await rejection(relayed.followerDetails(['o1']))).toMatchObject({ code: 'relay_bad_response', params: ['https://wx-relay.example.com'] });
  });

  it('returns the ticket raw, so showQrCodeUrl encodes + / = exactly once', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [created] });
    const { ticket } = await client().wechat.createQrCode(TEMPORARY);
    expect(ticket).toBe(TICKET);

    const imageUrl = showQrCodeUrl(ticket);
    expect(imageUrl).toBe(`https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${TICKET.replace('+', '%2B').replace('/', '%2F').replaceAll('=', '%3D')}`);
    expect(imageUrl.endsWith('%2B%2F%3D%3D')).toBe(true);
    expect(imageUrl).not.toContain('%25'); // not encoded twice
    expect(new URL(imageUrl).searchParams.get('ticket')).toBe(TICKET);
  });
});

describe('createQrCode: a rejected token is dropped, refetched once and the call retried once', () => {
  it.each([40001, 40014, 42001])('on %i: one refetch, one retry with the fresh token, then success', async (errcode) => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1'), tokenAnswer('TOKEN-2')],
      [CREATE]: [{ errcode, errmsg: 'token rejected rid: r-1' }, created],
    });
    const { wechat: api, sleep } = client();

    expect((await api.createQrCode(TEMPORARY)).ticket).toBe(TICKET);
    expect(wechat.to(STABLE)).toHaveLength(2);
    expect(wechat.to(CREATE).map((c) => c.url.searchParams.get('access_token'))).toEqual(['TOKEN-1', 'TOKEN-2']);
    expect(sleep).not.toHaveBeenCalled();
    expect((await tokenItem(APP_ID).getValue())?.accessToken).toBe('TOKEN-2');
  });

  it.each([
    [40001, 'wechat_secret_or_token'],
    [40014, 'wechat_token_rejected'],
    [42001, 'wechat_token_rejected'],
  ] as const)('on %i twice: surfaces the second rejection as %s and never loops', async (errcode, code) => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1'), tokenAnswer('TOKEN-2'), tokenAnswer('TOKEN-3')],
      [CREATE]: [{ errcode, errmsg: 'first rid: r-1' }, { errcode, errmsg: 'second rid: r-2' }, created],
    });

    expect(await rejection(client().wechat.createQrCode(TEMPORARY))).toMatchObject({ code, errcode, rid: 'r-2' });
    expect(wechat.to(STABLE)).toHaveLength(2);
    expect(wechat.to(CREATE)).toHaveLength(2);
  });

  it('drops only the token that failed: a newer token cached meanwhile is reused for the retry, not thrown away', async () => {
    await tokenItem(APP_ID).setValue({ accessToken: 'OLD', usableUntil: Date.now() + 3_600_000 });
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('UNWANTED')],
      [CREATE]: [
        // While this request with OLD is under way, another call caches NEWER; then WeChat rejects OLD.
        async () => {
          await tokenItem(APP_ID).setValue({ accessToken: 'NEWER', usableUntil: Date.now() + 3_600_000 });
          return { errcode: 40014, errmsg: 'invalid access_token' };
        },
        created,
      ],
    });

    expect((await client().wechat.createQrCode(TEMPORARY)).ticket).toBe(TICKET);
    expect(wechat.to(CREATE).map((c) => c.url.searchParams.get('access_token'))).toEqual(['OLD', 'NEWER']);
    expect(wechat.to(STABLE)).toHaveLength(0);
    expect((await tokenItem(APP_ID).getValue())?.accessToken).toBe('NEWER');
  });

  it('does not refetch the token for errors that are not about the token (40053)', async () => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1')],
      [CREATE]: [{ errcode: 40053, errmsg: 'invalid action info' }],
    });
    expect((await rejection(client().wechat.createQrCode(TEMPORARY))).code).toBe('wechat_scene_rejected');
    expect(wechat.to(STABLE)).toHaveLength(1);
    expect(wechat.to(CREATE)).toHaveLength(1);
  });
});

describe('createQrCode: system busy (-1) and quota (45009)', () => {
  it('retries -1 after 1000, 2000 and 4000 ms, then gives up with wechat_busy', async () => {
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [{ errcode: -1, errmsg: 'system error' }] });
    const { wechat: api, sleep } = client();

    expect(await rejection(api.createQrCode(TEMPORARY))).toMatchObject({ code: 'wechat_busy', errcode: -1 });
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1000, 2000, 4000]);
    expect(BUSY_BACKOFF_MS).toEqual([1000, 2000, 4000]);
    expect(wechat.to(CREATE)).toHaveLength(4);
    expect(wechat.to(STABLE)).toHaveLength(1);
  });

  it('succeeds when WeChat recovers after two busy answers, having waited 1000 then 2000 ms', async () => {
    const busy = { errcode: -1, errmsg: 'system error' };
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [CREATE]: [busy, busy, created] });
    const { wechat: api, sleep } = client();

    expect((await api.createQrCode(TEMPORARY)).ticket).toBe(TICKET);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1000, 2000]);
    expect(wechat.to(CREATE)).toHaveLength(3);
  });

  it('retries a busy token endpoint with the same backoff', async () => {
    const wechat = fakeWechat({ [STABLE]: [{ errcode: -1, errmsg: 'system error' }, tokenAnswer('TOKEN-1')] });
    const { wechat: api, sleep } = client();
    await api.testConnection();
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([1000]);
    expect(wechat.to(STABLE)).toHaveLength(2);
  });

  it('stops at once on 45009 (daily quota): one call, no wait, no retry, token kept', async () => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1')],
      [CREATE]: [{ errcode: 45009, errmsg: 'reach max api daily quota limit rid: q-9' }, created],
    });
    const { wechat: api, sleep } = client();

    expect(await rejection(api.createQrCode(TEMPORARY))).toMatchObject({ code: 'wechat_daily_quota', errcode: 45009, rid: 'q-9' });
    expect(wechat.to(CREATE)).toHaveLength(1);
    expect(wechat.to(STABLE)).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
    expect((await tokenItem(APP_ID).getValue())?.accessToken).toBe('TOKEN-1');
  });
});

describe('transport failures', () => {
  it('a fetch aborted by the timeout signal (TimeoutError) becomes code timeout with the seconds', async () => {
    fakeWechat({ [STABLE]: [new DOMException('The operation timed out.', 'TimeoutError')] });
    expect(await rejection(client().wechat.testConnection())).toEqual({ code: 'timeout', params: ['15'] });
  });

  it('passes an AbortSignal to fetch so a hung request can time out', async () => {
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')] });
    await client().wechat.testConnection();
    expect(wechat.fetchMock.mock.calls[0]![1]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('a timeout on qrcode/create is reported as timeout and not retried', async () => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1')],
      [CREATE]: [new DOMException('The operation timed out.', 'TimeoutError')],
    });
    expect((await rejection(client().wechat.createQrCode(TEMPORARY))).code).toBe('timeout');
    expect(wechat.to(CREATE)).toHaveLength(1);
  });

  it('a network failure (fetch rejects with TypeError) becomes code network', async () => {
    fakeWechat({ [STABLE]: [new TypeError('Failed to fetch')] });
    expect(await rejection(client().wechat.testConnection())).toEqual({ code: 'network' });
  });

  it('a body that is not JSON becomes code bad_response', async () => {
    fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1')],
      [CREATE]: [new Response('<html>502 Bad Gateway</html>', { status: 200, headers: { 'Content-Type': 'text/html' } })],
    });
    expect(await rejection(client().wechat.createQrCode(TEMPORARY))).toEqual({ code: 'bad_response' });
  });

  it('a JSON body that is not an object (null) becomes code bad_response', async () => {
    fakeWechat({ [STABLE]: [new Response('null', { status: 200 })] });
    expect((await rejection(client().wechat.testConnection())).code).toBe('bad_response');
  });

  it('a non-2xx status becomes http_status with the status', async () => {
    fakeWechat({ [STABLE]: [new Response('busy', { status: 502 })] });
    expect(await rejection(client().wechat.testConnection())).toEqual({ code: 'http_status', status: 502, params: ['502'] });
  });

  it('no error value carries the AppSecret or the access token', async () => {
    fakeWechat({
      [STABLE]: [tokenAnswer('SECRET-TOKEN-VALUE')],
      [CREATE]: [{ errcode: 40001, errmsg: 'invalid credential rid: x-1' }],
    });
    const error = await rejection(client().wechat.createQrCode(TEMPORARY));
    const serialized = JSON.stringify(error);
    expect(serialized).not.toContain(APP_SECRET);
    expect(serialized).not.toContain('SECRET-TOKEN-VALUE');
  });
});

describe('follower calls (contract §7)', () => {
  const USER_GET = '/cgi-bin/user/get';
  const BATCHGET = '/cgi-bin/user/info/batchget';

  it('user/get sends the token and next_openid, and answers the page as WeChat sent it', async () => {
    const page = { total: 2, count: 2, data: { openid: ['oA', 'oB'] }, next_openid: 'oB' };
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [USER_GET]: [page] });
    expect(await client().wechat.followerList('o+/=')).toEqual(page);
    const [call] = wechat.to(USER_GET);
    expect(call!.method).toBe('GET');
    expect(call!.url.searchParams.get('access_token')).toBe('TOKEN-1');
    expect(call!.url.searchParams.get('next_openid')).toBe('o+/=');
  });

  it('batchget posts user_list with lang zh_CN and answers user_info_list', async () => {
    const users = [{ subscribe: 1, openid: 'oA', qr_scene: 5 }];
    const wechat = fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [BATCHGET]: [{ user_info_list: users }] });
    expect(await client().wechat.followerDetails(['oA'])).toEqual(users);
    expect(wechat.to(BATCHGET)[0]!.body).toEqual({ user_list: [{ openid: 'oA', lang: 'zh_CN' }] });
  });

  it('batchget without user_info_list is a bad response, not zero followers', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [BATCHGET]: [{}] });
    expect((await rejection(client().wechat.followerDetails(['oA']))).code).toBe('bad_response');
  });

  it('an expired token is refetched once and the list call retried, like every other call', async () => {
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1'), tokenAnswer('TOKEN-2')],
      [USER_GET]: [
        { errcode: 42001, errmsg: 'expired rid: e-1' },
        { total: 0, count: 0, next_openid: '' },
      ],
    });
    expect((await client().wechat.followerList('')).total).toBe(0);
    expect(wechat.to(USER_GET).map((c) => c.url.searchParams.get('access_token'))).toEqual(['TOKEN-1', 'TOKEN-2']);
  });

  it('-1 is retried after the backoff; 45009 and 48001 stop at once', async () => {
    fakeWechat({ [STABLE]: [tokenAnswer('TOKEN-1')], [BATCHGET]: [{ errcode: -1, errmsg: 'busy' }, { user_info_list: [] }] });
    const busy = client();
    expect(await busy.wechat.followerDetails(['oA'])).toEqual([]);
    expect(busy.sleep).toHaveBeenCalledWith(BUSY_BACKOFF_MS[0]);

    vi.unstubAllGlobals();
    const wechat = fakeWechat({
      [STABLE]: [tokenAnswer('TOKEN-1')],
      [USER_GET]: [
        { errcode: 45009, errmsg: 'quota' },
        { errcode: 48001, errmsg: 'api unauthorized' },
      ],
    });
    expect((await rejection(client().wechat.followerList(''))).errcode).toBe(45009);
    expect((await rejection(client().wechat.followerList(''))).code).toBe('wechat_unauthorized');
    expect(wechat.to(USER_GET)).toHaveLength(2);
  });
});
