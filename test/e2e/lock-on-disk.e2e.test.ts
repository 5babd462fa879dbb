import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { buildWithLocalServerAccess } from './support/build-copy';
import { ExtensionBrowser } from './support/extension-browser';
import { localStorageText, saveCredentials, turnOnLock } from './page-objects/compat';
import { filesHolding, profileFiles, snappyDecompress } from './support/profile-scan';
import { SECOND_APP_ID, TEST_APP_ID, TEST_APP_SECRET, WechatStandIn } from '../stand-ins/wechat-stand-in';

/**
 * What the passphrase lock leaves in the browser profile's files, read byte by byte after the
 * browser closed (so everything it buffered is written): a credential saved under the lock is
 * nowhere in plain text; one saved before the lock still is (Chrome's LevelDB keeps superseded
 * records until it compacts), which is why the options page says to reset it after turning the
 * lock on. That second check also proves the search can see plain text at all.
 */

// The extension API inside the service worker.
declare const chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } };

let standIn: WechatStandIn;
let copy: ReturnType<typeof buildWithLocalServerAccess>;

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
  // Saving a push server or a token server asks for its origin; this copy has 127.0.0.1 granted.
  copy = buildWithLocalServerAccess('scene-qr-lock-disk-');
});

afterAll(async () => {
  await standIn?.stop();
  copy?.remove();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** A fresh AppSecret's shape (32 hex), so it is valid and occurs nowhere else. */
const randomAppSecret = () => hex(16);

/** The build copy in Chromium: a fresh profile, or `userDataDir` reopened. */
async function launch(userDataDir?: string): Promise<ExtensionBrowser> {
  return ExtensionBrowser.launch({ wechatPort: standIn.port, extensionDir: copy.dir, userDataDir });
}

/** Closes the browser (Chrome writes what it buffered) and hands back its profile directory to read. */
async function closeKeepingProfile(browser: ExtensionBrowser): Promise<string> {
  const profile = browser.userDataDir;
  await browser.close({ keepProfile: true });
  return profile;
}

async function savePushServer(options: Page, token: string): Promise<void> {
  await options.locator('input[name=pushUrl]').fill('http://127.0.0.1:9/wx');
  const replace = options.getByRole('button', { name: '更换 Token' });
  if (await replace.isVisible()) await replace.click();
  await options.locator('input[name=pushToken]').fill(token);
  await options.locator('input[name=originalId]').fill('gh_0123456789ab');
  await options.getByRole('button', { name: '保存服务器配置' }).click();
  await options.locator('form.push-server [role=status]').getByText('已保存').waitFor();
}

async function addTokenServerAccount(options: Page, headerValue: string): Promise<void> {
  await options.getByRole('button', { name: '添加公众号' }).click();
  await options.locator('input[name=appId]').fill(SECOND_APP_ID);
  await options.locator('input[name=tokenSource][value=server]').check();
  await options.locator('input[name=tokenServerUrl]').fill('http://127.0.0.1:9/token');
  await options.locator('input[name=tokenServerHeaderName]').fill('X-Token-Key');
  await options.locator('input[name=tokenServerHeaderValue]').fill(headerValue);
  await options.locator('form.credentials button[type=submit]').click();
  await options.locator('form.credentials [role=status]').getByText('已保存').waitFor();
}

/**
 * The secrets storage.session holds (memory only, never on disk): the lock's derived key and each
 * cached access token. (The key's salt and iteration count are no secret: every sealed record on disk carries them.)
 */
async function sessionSecrets(worker: Worker): Promise<Record<string, string>> {
  const session = await worker.evaluate(() => chrome.storage.session.get(null));
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(session)) {
    const { key, accessToken } = (value ?? {}) as { key?: unknown; accessToken?: unknown };
    if (name === 'secretLockKey' && typeof key === 'string') secrets[name] = key;
    if (name.startsWith('accessToken:') && typeof accessToken === 'string') secrets[name] = accessToken;
  }
  return secrets;
}

describe('the profile on disk under the passphrase lock', () => {
  it('the search reads Snappy-compressed LevelDB blocks (literals and back-references)', () => {
    // "abcd" as a literal, then a 4-byte copy from 4 back: "abcdabcd".
    expect(snappyDecompress(Buffer.from([0x08, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x01, 0x04])).toString()).toBe('abcdabcd');
    // A run: one literal byte copied forward over itself (2-byte offset form), 1 + 6 = 7 bytes.
    expect(snappyDecompress(Buffer.from([0x07, 0x00, 0x7a, 0x16, 0x01, 0x00])).toString()).toBe('zzzzzzz');
  });

  it('holds no credential saved under the lock in plain text, while the AppSecret and Token saved before it remain', async () => {
    const before = { appSecret: randomAppSecret(), pushToken: `before${hex(8)}` };
    // The new AppSecret is the one the WeChat stand-in accepts, so the test connection below proves it is the one in use.
    const after = { appSecret: TEST_APP_SECRET, headerValue: `after-header-${hex(12)}`, pushToken: `after${hex(8)}` };
    const browser = await launch();
    let profile: string | undefined;
    try {
      const options = await browser.open('options');
      await options.getByTestId('lock-offer').getByRole('button', { name: '跳过' }).click();
      await saveCredentials(options, TEST_APP_ID, before.appSecret);
      await savePushServer(options, before.pushToken);

      await options.getByTestId('lock-earlier-secrets').waitFor();
      await turnOnLock(options, '磁盘上的口令');
      await options.getByTestId('lock-rotate').getByText('AppSecret 重置').waitFor();
      // The advice followed: a new AppSecret and a new Token, and a header value first saved under the lock.
      await options.getByRole('button', { name: '更换 AppSecret' }).click();
      await options.getByTestId('secret-sealed').waitFor();
      await saveCredentials(options, TEST_APP_ID, after.appSecret);
      await savePushServer(options, after.pushToken);
      await options.getByRole('button', { name: '测试连接' }).click();
      await options.locator('form.credentials [role=status]').getByText(TEST_APP_ID).waitFor();
      await addTokenServerAccount(options, after.headerValue);

      const worker = await browser.currentServiceWorker();
      const stored = await localStorageText(worker);
      for (const secret of [...Object.values(before), ...Object.values(after)]) expect(stored).not.toContain(secret);
      const session = await sessionSecrets(worker);
      // The lock's key and the access token the test connection fetched.
      expect(Object.keys(session).sort()).toEqual([`accessToken:${TEST_APP_ID}`, 'secretLockKey']);
      await options.close();
      profile = await closeKeepingProfile(browser);

      expect(profileFiles(profile).some((file) => file.includes('Local Extension Settings'))).toBe(true);
      for (const [what, secret] of Object.entries(after)) expect({ what, files: filesHolding(profile, secret) }).toEqual({ what, files: [] });
      for (const [what, secret] of Object.entries(session)) expect({ what, files: filesHolding(profile, secret) }).toEqual({ what, files: [] });
      // Written in the clear before the lock, superseded since, still in the files: what the warning is about.
      expect(filesHolding(profile, before.appSecret).join()).toContain('Local Extension Settings');
      expect(filesHolding(profile, before.pushToken).join()).toContain('Local Extension Settings');
      // Nor does reopening the browser tidy them away (nor write the new secrets out in the clear).
      await (await launch(profile)).close();
      expect(filesHolding(profile, before.appSecret).join()).toContain('Local Extension Settings');
      for (const [what, secret] of Object.entries(after)) expect({ what, files: filesHolding(profile, secret) }).toEqual({ what, files: [] });
    } finally {
      if (profile) rmSync(profile, { recursive: true, force: true });
      else await browser.close();
    }
  });

  it('set through the first-run offer, the lock seals the very first AppSecret: it never reaches the disk in plain text', async () => {
    const first = randomAppSecret();
    const browser = await launch();
    let profile: string | undefined;
    try {
      const options = await browser.open('options');
      const offer = options.getByTestId('lock-offer');
      await offer.getByRole('button', { name: '先设口令' }).click();
      await options.locator('input[name=firstPassphrase]').fill('第一次就上锁');
      await options.locator('input[name=firstConfirmPassphrase]').fill('第一次就上锁');
      await offer.getByRole('button', { name: '开启，再填 AppSecret' }).click();
      await options.getByRole('status').getByText('接下来保存的 AppSecret 从一开始就加密保存').waitFor();
      await options.getByTestId('lock-state').getByText('已开启，已解锁').waitFor();
      await options.getByTestId('secret-sealed').waitFor();
      await saveCredentials(options, TEST_APP_ID, first);
      expect(await offer.count()).toBe(0);
      expect(await localStorageText(await browser.currentServiceWorker())).toContain('lockedSecret');
      await options.close();
      profile = await closeKeepingProfile(browser);

      expect(filesHolding(profile, first)).toEqual([]);
      // The search does see this profile's extension storage: the AppID saved with the secret is there in the clear.
      expect(filesHolding(profile, TEST_APP_ID).join()).toContain('Local Extension Settings');
    } finally {
      if (profile) rmSync(profile, { recursive: true, force: true });
      else await browser.close();
    }
  });
});
