import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AppError, AppFailure } from '@/utils/messaging/app-error';
import {
  MAX_TOKEN_LIFETIME_SECONDS,
  TokenSourceFailure,
  UNKNOWN_SERVER_TOKEN_LIFETIME_SECONDS,
  fetchServerToken,
  fetchedFromPasted,
  isTokenSourceFailure,
  pastedToken,
  tokenServerHeaderProblem,
  tokenServerUrlProblem,
} from './token-server';

const URL_ = 'https://tokens.example.com/wechat/token?app=wx0123456789abcdef';
const ORIGIN = 'https://tokens.example.com';
const HEADER_NAME = 'X-Token-Server-Key';
const HEADER_VALUE = 'sk_live_do-not-leak-9f8e7d6c';
const TOKEN = '86_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefghijklmnop';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** fetch answering with one Response, or rejecting with one Error; every call recorded. */
function stubFetch(answer: Response | Error) {
  const fetchMock = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => {
    if (answer instanceof Error) throw answer;
    return answer.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The thrown value, whatever it is (AppFailure or TokenSourceFailure). */
async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (thrown) {
    return thrown;
  }
  throw new Error('expected a failure, got success');
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const thrown = await thrownBy(promise);
  if (thrown instanceof AppFailure) return thrown.error;
  throw thrown;
}

/** Nothing secret anywhere in what was thrown: message, stack, fields. */
function expectNoSecrets(thrown: unknown): void {
  const seen = JSON.stringify(thrown) + String(thrown) + ((thrown as Error | null)?.stack ?? '');
  expect(seen).not.toContain(HEADER_VALUE);
  expect(seen).not.toContain(TOKEN);
}

const config = { url: URL_, headerName: HEADER_NAME, headerValue: HEADER_VALUE };

describe('fetchServerToken: success', () => {
  it('GETs the URL as configured and returns the token with its lifetime', async () => {
    const fetchMock = stubFetch(json({ access_token: TOKEN, expires_in: 5400 }));
    expect(await fetchServerToken(config)).toEqual({ accessToken: TOKEN, expiresIn: 5400 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [input, init] = fetchMock.mock.calls[0]!;
    expect(String(input)).toBe(URL_);
    expect(init?.method).toBe('GET');
    expect(init?.body).toBeUndefined();
  });

  it('sends the configured header, and no header at all without one', async () => {
    const withHeader = stubFetch(json({ access_token: TOKEN, expires_in: 7200 }));
    await fetchServerToken(config);
    expect(new Headers(withHeader.mock.calls[0]![1]!.headers).get(HEADER_NAME)).toBe(HEADER_VALUE);

    const without = stubFetch(json({ access_token: TOKEN, expires_in: 7200 }));
    await fetchServerToken({ url: URL_ });
    const headers = new Headers(without.mock.calls[0]![1]!.headers);
    expect([...headers.keys()].map((key) => key.toLowerCase())).toEqual(['accept']);
  });

  it('follows no redirect, sends no cookies and skips the HTTP cache, with a timeout signal', async () => {
    const fetchMock = stubFetch(json({ access_token: TOKEN, expires_in: 7200 }));
    await fetchServerToken(config);
    const init = fetchMock.mock.calls[0]![1]!;
    expect(init).toMatchObject({ redirect: 'manual', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('accepts expires_in as a numeric string, caps it at 7200 and assumes 300 s when missing or nonsense', async () => {
    stubFetch(json({ access_token: TOKEN, expires_in: '345' }));
    expect((await fetchServerToken(config)).expiresIn).toBe(345);
    stubFetch(json({ access_token: TOKEN, expires_in: 86_400 }));
    expect((await fetchServerToken(config)).expiresIn).toBe(MAX_TOKEN_LIFETIME_SECONDS);
    for (const expiresIn of [undefined, 0, -5, 'soon', null]) {
      stubFetch(json({ access_token: TOKEN, expires_in: expiresIn }));
      expect((await fetchServerToken(config)).expiresIn).toBe(UNKNOWN_SERVER_TOKEN_LIFETIME_SECONDS);
    }
  });

  it('allows plain http to this computer only (a local token server)', async () => {
    for (const url of ['http://127.0.0.1:8080/token', 'http://localhost:3000/token', 'http://[::1]:9000/token']) {
      const fetchMock = stubFetch(json({ access_token: TOKEN, expires_in: 7200 }));
      expect((await fetchServerToken({ url })).accessToken).toBe(TOKEN);
      expect(fetchMock).toHaveBeenCalledTimes(1);
    }
  });
});

describe('fetchServerToken: failures name the token server, not WeChat', () => {
  it("40164 passed on by the server is the token server's IP missing from the whitelist (with that IP)", async () => {
    stubFetch(json({ errcode: 40164, errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6651-abc' }));
    const error = await appError(fetchServerToken(config));
    expect(error).toMatchObject({ code: 'token_server_ip_whitelist', errcode: 40164, params: [ORIGIN, '203.0.113.7'], rid: '6651-abc' });
  });

  it('61004 (access clientip is not registered) from the server is the same, with the IP after requestIP:', async () => {
    stubFetch(json({ errcode: 61004, errmsg: 'access clientip is not registered requestIP: 47.107.99.226 rid: 638f-161b' }));
    expect(await appError(fetchServerToken(config))).toMatchObject({ code: 'token_server_ip_whitelist', params: [ORIGIN, '47.107.99.226'] });
  });

  it("89503 / 89501 from the server: an admin must confirm the token server's IP", async () => {
    for (const errcode of [89503, 89501]) {
      stubFetch(json({ errcode, errmsg: 'risky ip' }));
      expect(await appError(fetchServerToken(config))).toMatchObject({ code: 'token_server_ip_confirm', errcode, params: [ORIGIN] });
    }
  });

  it("other errcodes are the token server's own setup (40125 its AppSecret), but -1 stays WeChat busy (retried)", async () => {
    stubFetch(json({ errcode: 40125, errmsg: 'invalid appsecret' }));
    expect(await appError(fetchServerToken(config))).toMatchObject({ code: 'token_server_wechat_error', errcode: 40125, params: [ORIGIN, '40125'] });
    stubFetch(json({ errcode: -1, errmsg: 'system error' }));
    expect((await appError(fetchServerToken(config))).code).toBe('wechat_busy');
  });

  it('an HTML page (a login page, say) is token_server_bad_response with the origin', async () => {
    stubFetch(new Response('<html>login required</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_bad_response', params: [ORIGIN] });
  });

  it('JSON without a usable access_token is token_server_bad_response', async () => {
    for (const body of [{}, { access_token: '' }, { access_token: 42 }, { access_token: 'has spaces in it, not a token' }, [TOKEN], 'x']) {
      stubFetch(json(body));
      expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_bad_response', params: [ORIGIN] });
    }
  });

  it('401 / 403 mean a wrong header: token_server_unauthorized', async () => {
    for (const status of [401, 403]) {
      stubFetch(json({ message: 'unauthorized' }, status));
      expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_unauthorized', status, params: [ORIGIN, String(status)] });
    }
  });

  it('a 500 is token_server_http_status with the origin and status', async () => {
    stubFetch(new Response('Internal Server Error', { status: 500 }));
    expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_http_status', status: 500, params: [ORIGIN, '500'] });
  });

  it('a redirect is not followed (fetch asked for "manual") and is token_server_redirect', async () => {
    stubFetch(new Response(null, { status: 302, headers: { Location: 'https://login.example.com/' } }));
    expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_redirect', params: [ORIGIN] });
    // What Chromium gives for a redirect it did not follow.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({ type: 'opaqueredirect', status: 0, ok: false }) as Response),
    );
    expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_redirect', params: [ORIGIN] });
  });

  it('a TimeoutError from fetch is token_server_timeout with the origin and seconds', async () => {
    stubFetch(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_timeout', params: [ORIGIN, '15'] });
  });

  it('a server that never answers is token_server_timeout after 15 s (fake timers)', async () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal(
        'fetch',
        vi.fn(() => new Promise<Response>(() => {})),
      );
      const failed = appError(fetchServerToken(config));
      await vi.advanceTimersByTimeAsync(15_000);
      expect(await failed).toEqual({ code: 'token_server_timeout', params: [ORIGIN, '15'] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a network failure is token_server_network with the origin', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    expect(await appError(fetchServerToken(config))).toEqual({ code: 'token_server_network', params: [ORIGIN] });
  });

  it('refuses plain http to another host before any request', async () => {
    for (const url of ['http://tokens.example.com/token', 'http://192.168.1.10/token', 'http://127.0.0.2/token']) {
      const fetchMock = stubFetch(json({ access_token: TOKEN }));
      const thrown = await thrownBy(fetchServerToken({ ...config, url }));
      expect(isTokenSourceFailure(thrown, 'token_server_url_insecure')).toBe(true);
      expect(fetchMock).not.toHaveBeenCalled();
    }
  });

  it('refuses URLs that are not http(s) or carry a password, before any request', async () => {
    for (const url of ['', 'tokens.example.com/token', 'ftp://tokens.example.com/', 'file:///etc/passwd', 'https://user:pw@tokens.example.com/']) {
      const fetchMock = stubFetch(json({ access_token: TOKEN }));
      const thrown = await thrownBy(fetchServerToken({ url }));
      expect(isTokenSourceFailure(thrown, 'token_server_url_invalid')).toBe(true);
      expect(fetchMock).not.toHaveBeenCalled();
    }
  });

  it('refuses a malformed header before any request, without quoting its value', async () => {
    const cases = [
      { headerName: 'X Bad Name', headerValue: HEADER_VALUE },
      { headerName: HEADER_NAME, headerValue: `${HEADER_VALUE}\r\nX-Injected: 1` },
      { headerName: HEADER_NAME, headerValue: '' },
      { headerName: '', headerValue: HEADER_VALUE },
    ];
    for (const header of cases) {
      const fetchMock = stubFetch(json({ access_token: TOKEN }));
      const thrown = await thrownBy(fetchServerToken({ url: URL_, ...header }));
      expect(isTokenSourceFailure(thrown, 'token_server_header_invalid')).toBe(true);
      expectNoSecrets(thrown);
      expect(fetchMock).not.toHaveBeenCalled();
    }
  });

  it('never puts the header value or the token into a thrown error', async () => {
    const answers: (Response | Error)[] = [
      json({ errcode: 40001, errmsg: 'invalid credential' }),
      json({ access_token: `${TOKEN} trailing words` }),
      json({ access_token: TOKEN }, 500),
      new Response(`not json ${TOKEN}`),
      new TypeError(`Failed to fetch with ${HEADER_VALUE}`),
      new DOMException('The operation timed out.', 'TimeoutError'),
    ];
    for (const answer of answers) {
      stubFetch(answer);
      expectNoSecrets(await thrownBy(fetchServerToken(config)));
    }
  });
});

describe('settings checks for the options page', () => {
  it('tokenServerUrlProblem', () => {
    expect(tokenServerUrlProblem(URL_)).toBeNull();
    expect(tokenServerUrlProblem('  https://tokens.example.com/t  ')).toBeNull();
    expect(tokenServerUrlProblem('http://localhost/t')).toBeNull();
    expect(tokenServerUrlProblem('http://example.com/t')).toBe('token_server_url_insecure');
    expect(tokenServerUrlProblem('not a url')).toBe('token_server_url_invalid');
  });

  it('tokenServerHeaderProblem: both or neither', () => {
    expect(tokenServerHeaderProblem()).toBeNull();
    expect(tokenServerHeaderProblem('Authorization', 'Bearer abc def')).toBeNull();
    expect(tokenServerHeaderProblem('Authorization', '')).toBe('token_server_header_invalid');
    expect(tokenServerHeaderProblem('Bad:Name', 'v')).toBe('token_server_header_invalid');
    expect(tokenServerHeaderProblem('X-Key', 'tab\u0000nul')).toBe('token_server_header_invalid');
    expect(tokenServerHeaderProblem('X-Key', '中文')).toBe('token_server_header_invalid');
  });
});

describe('pasted tokens', () => {
  const NOW = 1_700_000_000_000;

  it('a bare token (trimmed) is assumed to have the full 7200 s', () => {
    expect(pastedToken(`  ${TOKEN}\n`, undefined, NOW)).toEqual({ accessToken: TOKEN, expiresAt: NOW + 7_200_000 });
  });

  it('an explicit lifetime counts, capped at 7200 s', () => {
    expect(pastedToken(TOKEN, 600, NOW).expiresAt).toBe(NOW + 600_000);
    expect(pastedToken(TOKEN, 99_999, NOW).expiresAt).toBe(NOW + 7_200_000);
  });

  it('the JSON a token endpoint answered is read, with its expires_in', () => {
    expect(pastedToken(JSON.stringify({ access_token: TOKEN, expires_in: 1234 }), undefined, NOW)).toEqual({
      accessToken: TOKEN,
      expiresAt: NOW + 1_234_000,
    });
  });

  it('refuses what is not a token, and what looks like an AppSecret, without quoting it', () => {
    for (const text of ['', 'short', 'two words here and there', '{"access_token": ""}', '{not json', '0123456789abcdef0123456789ABCDEF']) {
      let thrown: unknown;
      try {
        pastedToken(text, undefined, NOW);
      } catch (caught) {
        thrown = caught;
      }
      expect(thrown).toBeInstanceOf(TokenSourceFailure);
      expect((thrown as TokenSourceFailure).code).toBe('token_pasted_invalid');
      if (text.length > 5) expect(String(thrown) + JSON.stringify(thrown)).not.toContain(text);
    }
  });

  it('fetchedFromPasted counts down the seconds left and is null once expired', () => {
    const pasted = pastedToken(TOKEN, 600, NOW);
    expect(fetchedFromPasted(pasted, NOW)).toEqual({ accessToken: TOKEN, expiresIn: 600 });
    expect(fetchedFromPasted(pasted, NOW + 500_500)).toEqual({ accessToken: TOKEN, expiresIn: 99 });
    expect(fetchedFromPasted(pasted, NOW + 600_000)).toBeNull();
    expect(fetchedFromPasted(JSON.parse(JSON.stringify(pasted)), NOW)).toEqual({ accessToken: TOKEN, expiresIn: 600 });
  });
});
