import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AppFailure } from '@/utils/messaging/app-error';
import type { QrCodeRecord } from '@/utils/codes/record';
import { lockNow, removePassphrase, setPassphrase, unlock } from '@/utils/accounts/lock';
import { accountsItem, currentAccountIdItem } from '@/utils/storage/items';
import { saveCode } from '@/utils/storage/history-db';
import { code } from '@/test/unit/records';
import { TokenCache } from '@/utils/wechat/token-cache';
import { createWechatClient } from '@/utils/wechat/client';
import { pushHandlers } from './handlers';
import { pushServerOf, savePushServerOf } from './server-store';
import { wechatSignature } from './scan-event';
import { parseServerUrl, sendTestPush, verifyServer } from './test-push';

const record = { id: 'r', scene: 'fair', ticket: 'T+/=' } as QrCodeRecord;
const contains = vi.fn(async () => true);
/** The current account's server, as the handlers pass it to the senders. */
const serverNow = async () => (await pushServerOf()).server;

beforeEach(async () => {
  vi.restoreAllMocks();
  contains.mockResolvedValue(true);
  // WXT's fake browser has no permissions API: a stand-in that answers "granted" unless told otherwise.
  Object.assign(fakeBrowser, { permissions: { contains } });
  await accountsItem.setValue([{ id: 'a1', name: 'Shop', appId: 'wx0123456789abcdef', tokenSource: 'stable', appSecret: 'abcdef0123456789abcdef0123456789' }]);
  await savePushServerOf('a1', { url: 'https://dev.example.com/wechat?x=1', token: 'tok', originalId: 'gh_1' });
});

async function failure(promise: Promise<unknown>) {
  const thrown = await promise.catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(AppFailure);
  return (thrown as AppFailure).error;
}

describe('test push', () => {
  it('refuses a URL that is not http(s)', () => {
    expect(() => parseServerUrl('ftp://x')).toThrow(AppFailure);
    expect(() => parseServerUrl('not a url')).toThrow(AppFailure);
    expect(parseServerUrl(' https://a.example/w ')).toBe('https://a.example/w');
  });

  it('sends nothing without the host permission', async () => {
    contains.mockResolvedValue(false);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    expect(await failure(sendTestPush(await serverNow(), record, 'subscribe'))).toMatchObject({
      code: 'push_permission_missing',
      params: ['https://dev.example.com'],
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(contains).toHaveBeenCalledWith({ origins: ['https://dev.example.com/*'] });
  });

  it('sends nothing before a server is configured', async () => {
    await savePushServerOf('a1', null);
    expect(await failure(verifyServer(await serverNow()))).toMatchObject({ code: 'push_not_configured' });
  });

  it('POSTs text/xml to the server URL with signature, timestamp, nonce and openid, keeping its own query', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('success'));
    const result = await sendTestPush(await serverNow(), record, 'SCAN');
    const [url, init] = fetchSpy.mock.calls[0]!;
    const sent = new URL(String(url));
    expect(sent.searchParams.get('x')).toBe('1');
    expect([...sent.searchParams.keys()]).toEqual(expect.arrayContaining(['signature', 'timestamp', 'nonce', 'openid']));
    expect(init).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'text/xml' } });
    expect(String(init?.body)).toContain('<EventKey><![CDATA[fair]]></EventKey>');
    expect(result).toMatchObject({ status: 200, body: 'success' });
  });

  it('checks the echo of the URL verification exactly', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => new Response(new URL(String(url)).searchParams.get('echostr')));
    expect((await verifyServer(await serverNow())).echoed).toBe(true);
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('success'));
    expect((await verifyServer(await serverNow())).echoed).toBe(false);
  });

  it('explains a timeout and a refused connection', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new DOMException('t', 'TimeoutError'));
    expect(await failure(sendTestPush(await serverNow(), record, 'subscribe'))).toMatchObject({ code: 'push_timeout', params: ['10'] });
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await failure(sendTestPush(await serverNow(), record, 'subscribe'))).toMatchObject({ code: 'push_network', params: ['https://dev.example.com'] });
  });
});

describe("a test push goes to the server of the code's own account", () => {
  it("with another account current, a code is pushed to its own account's server, signed with that account's Token", async () => {
    const shop = { url: 'https://shop.example.com/wx', token: 'shop-token-1', originalId: 'gh_shop' };
    const hq = { url: 'https://hq.example.com/wx', token: 'hq-token-2', originalId: 'gh_hq' };
    await accountsItem.setValue([
      { id: 'a1', name: 'Shop', appId: 'wx0123456789abcdef', tokenSource: 'stable', appSecret: 'abcdef0123456789abcdef0123456789', pushServer: shop },
      { id: 'b1', name: 'HQ', appId: 'wxfedcba9876543210', tokenSource: 'stable', appSecret: 'fedcba9876543210fedcba9876543210', pushServer: hq },
    ]);
    await currentAccountIdItem.setValue('b1');
    const saved = await saveCode(code('push-a', { appId: 'wx0123456789abcdef', ticket: `t-${crypto.randomUUID()}` }));
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('success'));
    await pushHandlers.sendTestPush({ id: saved.id, event: 'subscribe' });
    const [url, init] = fetchSpy.mock.calls[0]!;
    const sent = new URL(String(url));
    expect(`${sent.origin}${sent.pathname}`).toBe(shop.url);
    expect(sent.searchParams.get('signature')).toBe(await wechatSignature(shop.token, sent.searchParams.get('timestamp')!, sent.searchParams.get('nonce')!));
    expect(String(init?.body)).toContain('<ToUserName><![CDATA[gh_shop]]></ToUserName>');
  });
});

describe('saving a push server', () => {
  it('names its account: without one it is refused and nothing is written', async () => {
    const before = await accountsItem.getValue();
    const input = { url: 'https://other.example.com/wx', token: 'other', originalId: '' } as Parameters<typeof pushHandlers.savePushServer>[0];
    expect(await failure(pushHandlers.savePushServer(input))).toMatchObject({ code: 'account_missing' });
    expect(await accountsItem.getValue()).toEqual(before);
  });
});

describe('the push server Token under the passphrase lock', () => {
  const TOKEN = 'push-token-7f3a';
  const sentSignature = async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('success'));
    await sendTestPush(await serverNow(), record, 'subscribe');
    const sent = new URL(String(fetchSpy.mock.calls.at(-1)![0]));
    return { sent, fetchSpy };
  };

  it('is sealed with the lock, opened only to sign, and nothing is sent while locked', async () => {
    await pushHandlers.savePushServer({ accountId: 'a1', url: 'https://dev.example.com/wechat?x=1', token: TOKEN, originalId: 'gh_1' });
    await setPassphrase({ passphrase: 'pw', confirm: 'pw' });
    const [account] = await accountsItem.getValue();
    expect(account!.pushServer).toMatchObject({ url: 'https://dev.example.com/wechat?x=1', lockedToken: expect.any(Object) });
    expect(JSON.stringify(account)).not.toContain(TOKEN);
    expect((await pushHandlers.getPushServer({})).hasToken).toBe(true);

    const { sent, fetchSpy } = await sentSignature();
    const params = sent.searchParams;
    expect(params.get('signature')).toBe(await wechatSignature(TOKEN, params.get('timestamp')!, params.get('nonce')!));

    await lockNow(createWechatClient({ tokenCache: new TokenCache() }));
    fetchSpy.mockClear();
    expect(await failure(sendTestPush(await serverNow(), record, 'subscribe'))).toMatchObject({ code: 'secret_locked' });
    expect(await failure(verifyServer(await serverNow()))).toMatchObject({ code: 'secret_locked' });
    expect(fetchSpy).not.toHaveBeenCalled();
    // A new Token cannot be sealed while locked; saving without one keeps the sealed one.
    expect(
      await failure(pushHandlers.savePushServer({ accountId: 'a1', url: 'https://dev.example.com/wechat?x=1', token: 'other', originalId: '' })),
    ).toMatchObject({ code: 'secret_locked' });
    await pushHandlers.savePushServer({ accountId: 'a1', url: 'https://dev.example.com/wechat?x=1', originalId: 'gh_2' });
    expect((await accountsItem.getValue())[0]!.pushServer).toMatchObject({ originalId: 'gh_2', lockedToken: expect.any(Object) });

    await unlock('pw');
    await removePassphrase('pw');
    expect((await accountsItem.getValue())[0]!.pushServer).toEqual({ url: 'https://dev.example.com/wechat?x=1', token: TOKEN, originalId: 'gh_2' });
  });
});
