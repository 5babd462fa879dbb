// @vitest-environment node
// fetchServerToken against real local servers with Node's fetch: what the stubs in token-server.test.ts stand for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { type LocalServer, closedOrigin, startLocalServer } from '@/test/unit/local-server';
import { fetchServerToken } from './token-server';

const TOKEN = '86_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefghijklmnop';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const answers: Record<string, () => void> = {
      '/ok': () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: TOKEN, expires_in: 7200 })),
      '/500': () => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error'),
      '/html': () => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Sign in</title>'),
      '/moved': () => res.writeHead(301, { Location: '/ok' }).end(),
      '/whitelist': () =>
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errcode: 40164, errmsg: 'invalid ip 192.0.2.44, not in whitelist' })),
    };
    (answers[req.url ?? ''] ?? answers['/500']!)();
  });
});
afterAll(() => server?.close());

describe('fetchServerToken against a real server', () => {
  it('gets the token from a working server', async () => {
    expect(await fetchServerToken({ url: `${server.origin}/ok` })).toEqual({ accessToken: TOKEN, expiresIn: 7200 });
  });

  it('a 500 is the token server failing, named by its origin', async () => {
    expect(await rejection(fetchServerToken({ url: `${server.origin}/500` }))).toEqual({
      code: 'token_server_http_status',
      status: 500,
      params: [server.origin, '500'],
    });
  });

  it('an HTML page is the token server answering something other than a token', async () => {
    expect(await rejection(fetchServerToken({ url: `${server.origin}/html` }))).toEqual({ code: 'token_server_bad_response', params: [server.origin] });
  });

  it('a redirect is reported as one and not followed (even to a working path)', async () => {
    expect(await rejection(fetchServerToken({ url: `${server.origin}/moved` }))).toEqual({ code: 'token_server_redirect', params: [server.origin] });
  });

  it("WeChat's 40164 passed on is the token server's IP to whitelist", async () => {
    expect(await rejection(fetchServerToken({ url: `${server.origin}/whitelist` }))).toMatchObject({
      code: 'token_server_ip_whitelist',
      params: [server.origin, '192.0.2.44'],
    });
  });

  it('nothing listening is token_server_network with the origin', async () => {
    const origin = await closedOrigin();
    expect(await rejection(fetchServerToken({ url: `${origin}/token` }))).toEqual({ code: 'token_server_network', params: [origin] });
  });
});
