import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { rejection } from '@/test/unit/helpers';
import { lockNow, pasteToken as pasteTokenWith, removePassphrase, setPassphrase, unlock } from './lock';
import { publicSettings, removeAccount as removeAccountWith, saveAccount as saveAccountWith, switchAccount } from './settings';
import { accountsItem, currentAccountIdItem, lockKeyItem } from '@/utils/storage/items';
import { accountFor, forgetAccountMigration } from './store';
import { accountSecret, accountTokenFetcher } from './token-source';
import { TokenCache } from '@/utils/wechat/token-cache';
import { createWechatClient } from '@/utils/wechat/client';
import { tokenItem } from '@/utils/storage/items';
import { savePushServerOf } from '@/utils/push/server-store';

const APP_ID = 'wx0123456789abcdef';
const OTHER_APP_ID = 'wxfedcba9876543210';
const SECRET = 'abcdef0123456789abcdef0123456789';
const OTHER_SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'ACCESS_TOKEN_0123456789_abcdefghij';

/** The lock forgets tokens in the background's one cache: here, this test's. */
const wechat = createWechatClient({ tokenCache: new TokenCache() });
// As the background calls them: with its one token cache.
const saveAccount = (input: Parameters<typeof saveAccountWith>[0]) => saveAccountWith(input, wechat);
const removeAccount = (id: string) => removeAccountWith(id, wechat);
const pasteToken = (input: Parameters<typeof pasteTokenWith>[0]) => pasteTokenWith(input, wechat);

// Storage is reset before each test: the worker's "already migrated" memory must be too.
beforeEach(forgetAccountMigration);

const stable = (patch = {}) => ({ appId: APP_ID, appSecret: SECRET, tokenSource: 'stable' as const, name: '门店号', ...patch });

describe('accounts', () => {
  it('adds the first account as current and answers without the secret', async () => {
    const reply = await saveAccount(stable());
    expect(reply).toMatchObject({ appId: APP_ID, hasSecret: true, configured: true, tokenSource: 'stable', lock: { enabled: false, unlocked: false } });
    expect(reply.accounts).toEqual([{ id: reply.currentAccountId, name: '门店号', appId: APP_ID, tokenSource: 'stable', hasSecret: true }]);
    expect(JSON.stringify(reply)).not.toContain(SECRET);
    expect((await accountFor()).appSecret).toBe(SECRET);
  });

  it('moves a single-account install (local:credentials) into an account named after its AppID', async () => {
    await storage.setItem('local:credentials', { appId: APP_ID, appSecret: SECRET });
    await storage.setItem('local:tokenSource', 'classic');
    const reply = await publicSettings();
    expect(reply.accounts).toEqual([expect.objectContaining({ name: APP_ID, appId: APP_ID, tokenSource: 'classic', hasSecret: true })]);
    expect(await storage.getItem('local:credentials')).toBeNull();
    expect(await accountSecret(await accountFor())).toBe(SECRET);
  });

  it('keeps two accounts apart: a second one is added, switched to, renamed and removed', async () => {
    const first = await saveAccount(stable());
    const both = await saveAccount({ appId: OTHER_APP_ID, appSecret: OTHER_SECRET, tokenSource: 'stable', name: '总部号' });
    expect(both.accounts.map((a) => a.name)).toEqual(['门店号', '总部号']);
    expect(both.appId).toBe(APP_ID);
    const second = both.accounts[1]!.id;
    expect((await switchAccount(second)).appId).toBe(OTHER_APP_ID);
    expect((await saveAccount({ id: second, appId: OTHER_APP_ID, tokenSource: 'stable', name: '总部' })).accounts[1]).toMatchObject({
      name: '总部',
      hasSecret: true,
    });
    const after = await removeAccount(second);
    expect(after.accounts.map((a) => a.id)).toEqual([first.currentAccountId]);
    expect(after.appId).toBe(APP_ID);
  });

  it('refuses a second account with the same AppID, a bad AppID and a missing secret', async () => {
    await saveAccount(stable());
    expect(await rejection(saveAccount(stable({ name: 'again' })))).toEqual({ code: 'account_app_id_taken', field: 'appId' });
    expect(await rejection(saveAccount(stable({ appId: 'wx0123456789ABCDEF' })))).toEqual({ code: 'app_id_invalid', field: 'appId' });
    expect(await rejection(saveAccount({ appId: OTHER_APP_ID, tokenSource: 'stable' }))).toEqual({ code: 'app_secret_invalid', field: 'appSecret' });
    expect(await accountsItem.getValue()).toHaveLength(1);
  });

  it('keeps the write-only secret on edit and drops the cached token of the account', async () => {
    const { currentAccountId } = await saveAccount(stable());
    await tokenItem(APP_ID).setValue({ accessToken: 'OLD', usableUntil: Date.now() * 2 });
    await saveAccount({ id: currentAccountId!, appId: APP_ID, tokenSource: 'classic', appSecret: '' });
    expect(await accountFor()).toMatchObject({ tokenSource: 'classic', appSecret: SECRET });
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
  });

  it('an edit keeps what it does not touch: the push server survives a rename, a new source, relay or AppSecret', async () => {
    const { currentAccountId: id } = await saveAccount(stable());
    const pushServer = { url: 'https://shop.example.com/wx', token: 'push-token', originalId: 'gh_0123456789ab' };
    await savePushServerOf(id!, pushServer);
    await saveAccount({ id: id!, appId: APP_ID, tokenSource: 'stable', name: '新名字' });
    expect(await accountFor()).toMatchObject({ name: '新名字', pushServer });
    await saveAccount({ id: id!, appId: APP_ID, tokenSource: 'classic', appSecret: OTHER_SECRET, apiBase: 'https://relay.example.com' });
    expect(await accountFor()).toMatchObject({ tokenSource: 'classic', appSecret: OTHER_SECRET, apiBase: 'https://relay.example.com', pushServer });
    await saveAccount({ id: id!, appId: APP_ID, tokenSource: 'pasted' });
    expect(await accountFor()).toMatchObject({ tokenSource: 'pasted', pushServer });
    expect(await accountFor()).not.toHaveProperty('appSecret');
  });

  it('an edit while locked keeps the sealed push-server Token sealed', async () => {
    const { currentAccountId: id } = await saveAccount(stable());
    await savePushServerOf(id!, { url: 'https://shop.example.com/wx', token: 'push-token', originalId: '' });
    await setPassphrase({ passphrase: 'pw', confirm: 'pw' });
    await lockNow(wechat);
    const sealed = (await accountFor()).pushServer;
    expect(sealed).toMatchObject({ lockedToken: expect.any(Object) });
    await saveAccount({ id: id!, appId: APP_ID, tokenSource: 'stable', name: '改名' });
    expect((await accountFor()).pushServer).toEqual(sealed);
    expect(JSON.stringify(await accountsItem.getValue())).not.toContain('push-token');
  });

  it('stores no AppSecret for a token server; the header value is write-only', async () => {
    const { currentAccountId } = await saveAccount(stable());
    const reply = await saveAccount({
      id: currentAccountId!,
      appId: APP_ID,
      tokenSource: 'server',
      tokenServer: { url: 'https://token.example.com/wx', headerName: 'X-Key', headerValue: 'hunter2' },
    });
    expect(reply.accounts[0]).toMatchObject({
      tokenSource: 'server',
      hasSecret: false,
      tokenServerUrl: 'https://token.example.com/wx',
      tokenServerHeaderName: 'X-Key',
      hasTokenServerHeader: true,
    });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
    expect(await accountFor()).not.toHaveProperty('appSecret');
    await saveAccount({
      id: currentAccountId!,
      appId: APP_ID,
      tokenSource: 'server',
      tokenServer: { url: 'https://token.example.com/wx', headerName: 'X-Key' },
    });
    expect((await accountFor()).tokenServer?.headerValue).toBe('hunter2');
    expect(await rejection(saveAccount({ appId: OTHER_APP_ID, tokenSource: 'server', tokenServer: { url: 'http://token.example.com/' } }))).toEqual({
      code: 'token_server_url_insecure',
      field: 'tokenServerUrl',
    });
  });

  it('asks a token server only once its origin is granted', async () => {
    await saveAccount({ appId: APP_ID, tokenSource: 'server', tokenServer: { url: 'https://token.example.com/wx' } });
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    expect(await rejection(accountTokenFetcher(await accountFor())())).toEqual({ code: 'token_server_permission_missing' });
    expect(contains).toHaveBeenCalledWith({ origins: ['https://token.example.com/*'] });
  });

  it('uses a pasted token for this session only, and says so when there is none', async () => {
    const { currentAccountId } = await saveAccount({ appId: APP_ID, tokenSource: 'pasted' });
    expect(await rejection(accountTokenFetcher(await accountFor())())).toEqual({ code: 'token_pasted_missing' });
    expect((await rejection(pasteToken({ id: currentAccountId!, token: SECRET }))).code).toBe('token_pasted_invalid');
    const reply = await pasteToken({ id: currentAccountId!, token: TOKEN });
    expect(reply.accounts[0]?.pastedTokenExpiresAt).toBeGreaterThan(Date.now());
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect(await accountTokenFetcher(await accountFor())()).toMatchObject({ accessToken: TOKEN });
    expect(await storage.getItem(`session:pastedToken:${currentAccountId}`)).toMatchObject({ accessToken: TOKEN });
  });
});

describe('passphrase lock', () => {
  it('seals every secret, opens them with the session key, locks and unlocks; a wrong passphrase changes nothing', async () => {
    await saveAccount(stable());
    await saveAccount({ appId: OTHER_APP_ID, appSecret: OTHER_SECRET, tokenSource: 'classic', name: '总部号' });
    expect((await rejection(setPassphrase({ passphrase: '芝麻开门', confirm: '芝麻关门' }))).code).toBe('secret_passphrase_mismatch');
    const locked = await setPassphrase({ passphrase: '芝麻开门', confirm: '芝麻开门' });
    expect(locked.lock).toEqual({ enabled: true, unlocked: true });
    const stored = JSON.stringify(await accountsItem.getValue());
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(OTHER_SECRET);
    expect(await accountSecret(await accountFor())).toBe(SECRET);

    expect((await lockNow(wechat)).lock).toEqual({ enabled: true, unlocked: false });
    expect(await rejection(accountSecret(await accountFor()))).toEqual({ code: 'secret_locked' });
    expect(await rejection(saveAccount({ appId: 'wx1111111111111111', appSecret: SECRET, tokenSource: 'stable' }))).toEqual({ code: 'secret_locked' });
    expect(await rejection(unlock('芝麻'))).toEqual({ code: 'secret_wrong_passphrase' });
    expect(await lockKeyItem.getValue()).toBeNull();
    expect((await unlock('芝麻开门')).lock.unlocked).toBe(true);
    expect(await accountSecret(await accountFor())).toBe(SECRET);
  });

  it('changes and removes the passphrase all or nothing', async () => {
    await saveAccount(stable());
    await setPassphrase({ passphrase: 'first', confirm: 'first' });
    const before = await accountsItem.getValue();
    expect(await rejection(setPassphrase({ passphrase: 'second', confirm: 'second', currentPassphrase: 'wrong' }))).toEqual({
      code: 'secret_wrong_passphrase',
    });
    expect(await accountsItem.getValue()).toEqual(before);
    await setPassphrase({ passphrase: 'second', confirm: 'second', currentPassphrase: 'first' });
    await lockNow(wechat);
    expect(await rejection(unlock('first'))).toEqual({ code: 'secret_wrong_passphrase' });
    await unlock('second');
    expect(await accountSecret(await accountFor())).toBe(SECRET);
    expect(await rejection(removePassphrase('first'))).toEqual({ code: 'secret_wrong_passphrase' });
    const removed = await removePassphrase('second');
    expect(removed.lock).toEqual({ enabled: false, unlocked: false });
    expect(await accountFor()).toMatchObject({ appSecret: SECRET });
    expect(await accountFor()).not.toHaveProperty('lockedSecret');
  });
});

describe('passphrase lock over a token server', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const SERVER = { url: 'https://token.example.com/wx', headerName: 'X-Key', headerValue: 'hunter2' };

  /** The token server's answer, and the header each request carried. */
  function stubTokenServer() {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const sent: (string | null)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        sent.push(new Headers(init?.headers).get('X-Key'));
        return new Response(JSON.stringify({ access_token: TOKEN, expires_in: 7200 }), { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    return sent;
  }

  it('seals the header value (it gets tokens as surely as an AppSecret); nothing is asked of the server while locked', async () => {
    const sent = stubTokenServer();
    const { currentAccountId } = await saveAccount({ appId: APP_ID, tokenSource: 'server', tokenServer: SERVER });
    expect((await publicSettings()).needsUnlock).toBe(false);
    await setPassphrase({ passphrase: '芝麻开门', confirm: '芝麻开门' });
    expect(JSON.stringify(await accountsItem.getValue())).not.toContain('hunter2');
    expect((await publicSettings()).accounts[0]).toMatchObject({ hasTokenServerHeader: true });
    expect(await accountTokenFetcher(await accountFor())()).toMatchObject({ accessToken: TOKEN });
    expect(sent).toEqual(['hunter2']);

    await tokenItem(APP_ID).setValue({ accessToken: TOKEN, usableUntil: Date.now() * 2 });
    const locked = await lockNow(wechat);
    expect(locked.needsUnlock).toBe(true);
    // lockNow forgets the token the header fetched, as it does for an AppSecret's.
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
    expect(await rejection(accountTokenFetcher(await accountFor())())).toEqual({ code: 'secret_locked' });
    expect(sent).toHaveLength(1);
    // Edited while locked without a new value: the sealed one is kept, still sealed.
    await saveAccount({ id: currentAccountId!, appId: APP_ID, tokenSource: 'server', tokenServer: { url: SERVER.url, headerName: 'X-Key' } });
    expect((await accountFor()).tokenServer).toMatchObject({ headerName: 'X-Key', lockedHeaderValue: expect.any(Object) });
    expect((await accountFor()).tokenServer).not.toHaveProperty('headerValue');

    expect((await unlock('芝麻开门')).needsUnlock).toBe(false);
    await accountTokenFetcher(await accountFor())();
    expect(sent).toEqual(['hunter2', 'hunter2']);
    await removePassphrase('芝麻开门');
    expect((await accountFor()).tokenServer).toEqual({ ...SERVER });
  });

  it('seals a header value saved while the lock is on, and refuses one while it is closed', async () => {
    await saveAccount(stable());
    await setPassphrase({ passphrase: 'pw', confirm: 'pw' });
    await saveAccount({ appId: OTHER_APP_ID, tokenSource: 'server', tokenServer: SERVER });
    const saved = (await accountsItem.getValue()).find((account) => account.appId === OTHER_APP_ID)!;
    expect(saved.tokenServer).toMatchObject({ lockedHeaderValue: expect.any(Object) });
    expect(JSON.stringify(saved)).not.toContain('hunter2');
    await lockNow(wechat);
    expect(await rejection(saveAccount({ id: saved.id, appId: OTHER_APP_ID, tokenSource: 'server', tokenServer: { ...SERVER, headerValue: 'new' } }))).toEqual({
      code: 'secret_locked',
    });
    // Changing the passphrase reseals the header with the secrets.
    await unlock('pw');
    await setPassphrase({ passphrase: 'pw2', confirm: 'pw2', currentPassphrase: 'pw' });
    await lockNow(wechat);
    await unlock('pw2');
    await removePassphrase('pw2');
    expect((await accountsItem.getValue()).find((account) => account.appId === OTHER_APP_ID)!.tokenServer).toEqual({ ...SERVER });
  });
});

describe('current account', () => {
  it('falls back to the first account when the stored current one is gone', async () => {
    await saveAccount(stable());
    await currentAccountIdItem.setValue('gone');
    expect((await accountFor()).appId).toBe(APP_ID);
  });
});

describe('test-push server per account', () => {
  it('belongs to its account, and a single-account install keeps its server', async () => {
    const { pushServerOf, savePushServerOf } = await import('@/utils/push/server-store');
    const currentPushServer = async () => (await pushServerOf()).server;
    await storage.setItem('local:credentials', { appId: APP_ID, appSecret: SECRET });
    await storage.setItem('local:pushServer', { url: 'https://shop.example.com/wx', token: 'tok', originalId: '' });
    expect(await currentPushServer()).toEqual({ url: 'https://shop.example.com/wx', token: 'tok', originalId: '' });
    expect(await storage.getItem('local:pushServer')).toBeNull();
    const both = await saveAccount({ appId: OTHER_APP_ID, appSecret: OTHER_SECRET, tokenSource: 'stable', name: '总部号' });
    await switchAccount(both.accounts[1]!.id);
    expect(await currentPushServer()).toBeNull();
    await savePushServerOf(both.accounts[1]!.id, { url: 'https://hq.example.com/wx', token: 'hq', originalId: 'gh_1' });
    await switchAccount(both.accounts[0]!.id);
    expect((await currentPushServer())?.url).toBe('https://shop.example.com/wx');
  });
});
