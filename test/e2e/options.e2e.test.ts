import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TEST_APP_ID, TEST_APP_SECRET, type WechatStandIn } from '../stand-ins/wechat-stand-in';
import { OptionsPage } from './page-objects/options';
import { alertText } from './page-objects/screen';
import type { ExtensionBrowser } from './support/extension-browser';
import { type Suite, startSuite } from './support/fixtures';

/** The extension API as an extension page sees it (these tests evaluate inside the page). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

let suite: Suite;
let standIn: WechatStandIn;
let browser: ExtensionBrowser;

beforeAll(async () => {
  // No account yet: these tests start before any credentials.
  suite = await startSuite({ account: false });
  ({ standIn, browser } = suite);
});

afterAll(() => suite?.stop());

const saveCredentials = (options: Page, appId?: string, appSecret?: string) => new OptionsPage(options).saveCredentials(appId, appSecret);

beforeEach(() => standIn.clearLog());

const testConnection = (options: Page) => new OptionsPage(options).testConnection();

describe('before any credentials', () => {
  it('the popup says so and its button opens the options page', async () => {
    const popup = await browser.open('popup');
    await popup.getByText('尚未设置公众号').waitFor();
    const [options] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: '打开设置' }).click()]);
    await options.waitForLoadState();
    expect(options.url()).toBe(browser.pageUrl('options'));
    await options.close();
    await popup.close();
  });
});

describe('options page', () => {
  it('refuses a malformed AppID and stores nothing', async () => {
    const options = await browser.open('options');
    await options.locator('input[name=appId]').fill('wx123');
    await options.locator('input[name=appSecret]').fill(TEST_APP_SECRET);
    await options.locator('form.credentials button[type=submit]').click();
    expect(await alertText(options)).toContain('wx');
    await options.reload();
    expect(await options.locator('input[name=appId]').inputValue()).toBe('');
    await options.close();
  });

  it('keeps the AppSecret write-only: never shown or sent back after saving', async () => {
    const options = await browser.open('options');
    await saveCredentials(options);
    await options.reload();
    await options.locator('[data-testid=secret-stored]').waitFor();
    expect(await options.locator('input[name=appSecret]').count()).toBe(0);
    expect(await options.content()).not.toContain(TEST_APP_SECRET);
    // What the background tells a page about the settings holds the AppID but not the secret.
    const reply = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSettings' }));
    expect(JSON.stringify(reply)).toContain(TEST_APP_ID);
    expect(JSON.stringify(reply)).not.toContain(TEST_APP_SECRET);
    await options.getByRole('button', { name: '更换 AppSecret' }).click();
    expect(await options.locator('input[name=appSecret]').inputValue()).toBe('');
    await options.close();
  });

  it('test connection explains 40164 with the IP, then succeeds once the whitelist is fixed', async () => {
    const options = await browser.open('options');
    standIn.queueFault('/cgi-bin/stable_token', {
      errcode: 40164,
      errmsg: 'invalid ip 198.51.100.23 ipv6 ::ffff:198.51.100.23, not in whitelist rid: 77aa-88bb',
    });
    await testConnection(options);
    const text = await alertText(options);
    expect(text).toContain('198.51.100.23');
    expect(text).toContain('基本配置 → IP白名单');
    await testConnection(options);
    await options.getByRole('status').getByText(TEST_APP_ID).waitFor();
    expect(standIn.tokenFetches().map((r) => r.body)).toEqual([
      { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_APP_SECRET, force_refresh: false },
      { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_APP_SECRET, force_refresh: false },
    ]);
    await options.close();
  });

  it.each([
    { errcode: 40013, errmsg: 'invalid appid', expect: '核对 AppID' },
    { errcode: 40125, errmsg: 'invalid appsecret', expect: '重置 AppSecret' },
    { errcode: 89503, errmsg: 'risky ip, need admin confirm', expect: '管理员' },
  ])('test connection explains $errcode', async (fault) => {
    const options = await browser.open('options');
    // Saving again (the stored secret is kept) drops the cached token, so the test really fetches one.
    await options.locator('form.credentials button[type=submit]').click();
    await options.getByRole('status').getByText('已保存').waitFor();
    standIn.queueFault('/cgi-bin/stable_token', { errcode: fault.errcode, errmsg: `${fault.errmsg} rid: 1234-abcd` });
    await testConnection(options);
    expect(await alertText(options)).toContain(fault.expect);
    await options.close();
  });

  it('the classic token is a warned, explicit choice and then used', async () => {
    const options = await OptionsPage.open(browser);
    await options.chooseTokenSource('classic');
    await options.testConnection();
    await options.page.getByRole('status').getByText(TEST_APP_ID).waitFor();
    expect(standIn.tokenFetches().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /cgi-bin/token']);
    await options.chooseTokenSource('stable');
    await options.close();
  });
});
