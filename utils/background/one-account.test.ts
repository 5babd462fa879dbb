import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { rejection, resetHistoryDatabase } from '@/test/unit/helpers';
import { fakeWechatClient } from '@/test/unit/fake-wechat';
import { createBackgroundHandlers, createExtensionWechatClient } from './handlers';
import { setPassphrase } from '@/utils/accounts/lock';
import { forgetAccountMigration } from '@/utils/accounts/store';
import { getCode, recentCodes, saveCode } from '@/utils/storage/history-db';
import { accountsItem, currentAccountIdItem, tokenItem } from '@/utils/storage/items';
import type { QrCodeRecord } from '@/utils/codes/record';

/** Each operation reads its account once, when it starts, and keeps it to its end. */

const A = { id: 'a', name: '门店号', appId: 'wx0123456789abcdef', tokenSource: 'stable' as const, appSecret: 'abcdef0123456789abcdef0123456789' };
const B = { id: 'b', name: '总部号', appId: 'wxfedcba9876543210', tokenSource: 'stable' as const, appSecret: '0123456789abcdef0123456789abcdef' };
const NOW = 1_700_000_000_000;
const temporary = { actionName: 'QR_STR_SCENE', scene: 'poster', expireSeconds: 3600, label: '海报' };

async function twoAccounts(currentId: string) {
  await accountsItem.setValue([A, B]);
  await currentAccountIdItem.setValue(currentId);
}

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  forgetAccountMigration();
  await resetHistoryDatabase();
});

describe('a single code', () => {
  it('switching the current account right after the create read it changes neither its token nor where it is filed', async () => {
    await twoAccounts('a');
    const read = currentAccountIdItem.getValue.bind(currentAccountIdItem);
    // The operator switches to B in the moment after the request read the current account (A).
    vi.spyOn(currentAccountIdItem, 'getValue').mockImplementationOnce(async () => {
      const id = await read();
      await currentAccountIdItem.setValue('b');
      return id;
    });
    const wechat = fakeWechatClient();
    const record = await createBackgroundHandlers(wechat, () => NOW).createQrCode(temporary);
    expect(await currentAccountIdItem.getValue()).toBe('b');
    expect(wechat.appIdsOf('createQrCode')).toEqual([A.appId]);
    expect(record.appId).toBe(A.appId);
  });

  it('the next create uses the account switched to', async () => {
    await twoAccounts('a');
    const wechat = fakeWechatClient();
    let clock = NOW;
    const handlers = createBackgroundHandlers(wechat, () => clock++);
    await handlers.createQrCode(temporary);
    await handlers.switchAccount({ id: 'b' });
    await handlers.createQrCode({ ...temporary, scene: 'hq' });
    expect(wechat.appIdsOf('createQrCode')).toEqual([A.appId, B.appId]);
    expect((await recentCodes(10)).map((code) => [code.scene, code.appId])).toEqual([
      ['hq', B.appId],
      ['poster', A.appId],
    ]);
  });
});

describe('renewing a code', () => {
  const expired: QrCodeRecord = {
    id: 'old',
    appId: A.appId,
    actionName: 'QR_STR_SCENE',
    scene: 'fair',
    label: '展会',
    ticket: 'T+/=',
    url: 'http://weixin.qq.com/q/old',
    expireSeconds: 3600,
    createdAt: NOW - 7_200_000,
    expiresAt: NOW - 3_600_000,
  };

  it("makes the new code in the old code's own account, with its token, filed under it, while another is current", async () => {
    await twoAccounts('b');
    await saveCode(expired);
    const wechat = fakeWechatClient();
    const renewed = await createBackgroundHandlers(wechat, () => NOW).renewQrCode({ id: 'old' });
    expect(wechat.appIdsOf('createQrCode')).toEqual([A.appId]);
    expect(renewed).toMatchObject({ appId: A.appId, scene: 'fair', label: '展会', renewedFromId: 'old' });
    expect(wechat.createQrCode).toHaveBeenCalledWith({ expire_seconds: 3600, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'fair' } } });
  });

  it('fails with account_missing once that account is gone, and asks no other account', async () => {
    await accountsItem.setValue([B]);
    await saveCode(expired);
    const wechat = fakeWechatClient();
    expect((await rejection(createBackgroundHandlers(wechat, () => NOW).renewQrCode({ id: 'old' }))).code).toBe('account_missing');
    expect(wechat.used).toEqual([]);
    expect(await getCode('old')).toEqual(expired);
    expect(await recentCodes(10)).toHaveLength(1);
  });
});

describe('testing the connection', () => {
  it('tests the account the page names, whichever is current', async () => {
    await twoAccounts('a');
    const wechat = fakeWechatClient();
    const handlers = createBackgroundHandlers(wechat);
    expect(await handlers.testConnection({ accountId: 'b' })).toEqual({ appId: B.appId });
    expect(await handlers.testConnection({})).toEqual({ appId: A.appId });
    expect(wechat.appIdsOf('testConnection')).toEqual([B.appId, A.appId]);
    expect((await rejection(handlers.testConnection({ accountId: 'gone' }))).code).toBe('account_missing');
  });
});

describe('lock now during a token fetch', () => {
  /** WeChat behind fetch: the stable-token answers wait for the test; every path asked is logged. */
  function wechatWithHeldToken() {
    const asked: string[] = [];
    const held: (() => void)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL) => {
        const { pathname } = new URL(String(input));
        asked.push(pathname);
        if (pathname === '/cgi-bin/stable_token') await new Promise<void>((resolve) => held.push(resolve));
        const body =
          pathname === '/cgi-bin/stable_token'
            ? { access_token: 'TOKEN-BEFORE-LOCK', expires_in: 7200 }
            : { ticket: 'T', url: 'http://weixin.qq.com/q/x', expire_seconds: 3600 };
        return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    return { asked, held };
  }

  it('wins: the token fetched meanwhile is not cached, not used, and the call fails as locked', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    await twoAccounts('a');
    await setPassphrase({ passphrase: '芝麻开门', confirm: '芝麻开门' });
    const { asked, held } = wechatWithHeldToken();
    const handlers = createBackgroundHandlers(createExtensionWechatClient(), () => NOW);

    const creating = handlers.createQrCode(temporary);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    await handlers.lockNow();
    held[0]!();
    expect((await rejection(creating)).code).toBe('secret_locked');
    expect(await tokenItem(A.appId).getValue()).toBeNull();
    expect((await rejection(handlers.createQrCode(temporary))).code).toBe('secret_locked');
    expect(asked).toEqual(['/cgi-bin/stable_token']);
    expect(await recentCodes(10)).toEqual([]);
  });
});

describe('an account edited during a token fetch', () => {
  it('the token that fetch brings back is neither cached nor used: it is fetched again after the edit', async () => {
    await twoAccounts('a');
    const tokensIssued: string[] = [];
    const usedTokens: string[] = [];
    let releaseFirst: (() => void) | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL) => {
        const url = new URL(String(input));
        if (url.pathname === '/cgi-bin/stable_token') {
          const token = `TOKEN-${tokensIssued.length + 1}-0123456789abcdef`;
          tokensIssued.push(token);
          if (tokensIssued.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
          return new Response(JSON.stringify({ access_token: token, expires_in: 7200 }), { headers: { 'Content-Type': 'application/json' } });
        }
        usedTokens.push(url.searchParams.get('access_token') ?? '');
        return new Response(JSON.stringify({ ticket: 'T-edit', url: 'http://weixin.qq.com/q/e', expire_seconds: 3600 }), {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const handlers = createBackgroundHandlers(createExtensionWechatClient(), () => NOW);

    const creating = handlers.createQrCode(temporary);
    await vi.waitFor(() => expect(releaseFirst).toBeDefined());
    await handlers.saveAccount({ id: A.id, name: A.name, appId: A.appId, tokenSource: 'stable', appSecret: 'aaaabbbbccccddddeeeeffff00001111' });
    releaseFirst!();
    await creating;

    expect(tokensIssued).toHaveLength(2);
    expect(usedTokens).toEqual([tokensIssued[1]]);
    expect((await tokenItem(A.appId).getValue())?.accessToken).toBe(tokensIssued[1]);
  });
});
