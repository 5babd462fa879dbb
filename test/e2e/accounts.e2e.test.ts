import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LocalTokenServer } from '../stand-ins/token-server';
import { SECOND_APP_ID, SECOND_APP_SECRET, TEST_APP_ID, TEST_APP_SECRET, type WechatStandIn } from '../stand-ins/wechat-stand-in';
import { OptionsPage } from './page-objects/options';
import { type CodeInput, PopupPage } from './page-objects/popup';
import { alertText } from './page-objects/screen';
import type { ExtensionBrowser } from './support/extension-browser';
import { historyRecords, localStorageText } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

/** The extension API as an extension page sees it (evaluated inside the page). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

let suite: Suite;
let standIn: WechatStandIn;
let tokenServer: LocalTokenServer;

beforeAll(async () => {
  // The first browser may reach the token server on 127.0.0.1; its accounts are added by the tests.
  suite = await startSuite({ account: false, localServerAccess: true });
  standIn = suite.standIn;
  tokenServer = await new LocalTokenServer(standIn, SECOND_APP_ID).start();
});

afterAll(async () => {
  await tokenServer?.stop();
  await suite?.stop();
});

async function addAccount(options: Page, fill: (form: Page) => Promise<void>): Promise<void> {
  await new OptionsPage(options).addAccount((form) => fill(form.page));
}

const saveCredentials = (options: Page) => new OptionsPage(options).saveCredentials();
const turnOnLock = (options: Page, passphrase: string) => new OptionsPage(options).turnOnLock(passphrase);
const submitUnlock = (options: Page, passphrase: string) => new OptionsPage(options).submitUnlock(passphrase);
const createCode = (popup: Page, input: CodeInput) => new PopupPage(popup).createCode(input);
const fillAndSubmit = (popup: Page, input: CodeInput) => new PopupPage(popup).fillAndSubmit(input);

/** Which account each create request's token was issued to, in order. */
const createdFor = () => standIn.requestsTo('/cgi-bin/qrcode/create').map((r) => standIn.appIdOfToken(r.query.access_token!));

describe('several accounts', () => {
  let browser: ExtensionBrowser;
  beforeAll(() => {
    browser = suite.browser;
  });

  it('adds two accounts, switches in the popup, and keeps each code and the history filter per account', async () => {
    standIn.clearLog();
    const options = await browser.open('options');
    await options.locator('input[name=accountName]').fill('门店号');
    await saveCredentials(options);
    await addAccount(options, async (page) => {
      await page.locator('input[name=accountName]').fill('总部号');
      await page.locator('input[name=appId]').fill(SECOND_APP_ID);
      await page.locator('input[name=appSecret]').fill(SECOND_APP_SECRET);
    });
    expect(await options.locator('.account-list strong').allInnerTexts()).toEqual(['门店号', '总部号']);
    await options.close();

    const popup = await browser.open('popup');
    const select = popup.locator('select[name=account]');
    await expect.poll(() => select.locator('option:checked').innerText()).toBe(`门店号 (${TEST_APP_ID})`);
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'scene-shop', label: '门店' });
    await select.selectOption({ label: `总部号 (${SECOND_APP_ID})` });
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'scene-hq', label: '总部' });
    await popup.close();

    expect(createdFor()).toEqual([TEST_APP_ID, SECOND_APP_ID]);
    const records = await historyRecords(await browser.currentServiceWorker());
    expect(Object.fromEntries(records.map((r) => [r.scene, r.appId]))).toEqual({ 'scene-shop': TEST_APP_ID, 'scene-hq': SECOND_APP_ID });

    const history = await browser.open('codes');
    await history.locator('.code-row').first().waitFor();
    // The filter names the accounts as the operator named them.
    await expect.poll(() => history.locator('select[name=filterAppId] option').allInnerTexts()).toContain(`总部号 (${SECOND_APP_ID})`);
    await history.locator('select[name=filterAppId]').selectOption(SECOND_APP_ID);
    await expect.poll(() => history.locator('.code-row .row-scene').allInnerTexts()).toEqual(['scene-hq']);
    await history.close();
  });

  it('takes the token from the central token server, with its header, and stores no AppSecret', async () => {
    standIn.clearLog();
    const options = await browser.open('options');
    await options.locator('.account-list tr', { hasText: '总部号' }).getByRole('button', { name: '编辑' }).click();
    await options.locator('input[name=tokenSource][value=server]').check();
    await options.locator('input[name=tokenServerUrl]').fill(tokenServer.url);
    await options.locator('input[name=tokenServerHeaderName]').fill(tokenServer.headerName);
    await options.locator('input[name=tokenServerHeaderValue]').fill(tokenServer.headerValue);
    await new OptionsPage(options).submitAccount();
    await options.getByRole('button', { name: '测试连接' }).click();
    await options.locator('form.credentials [role=status]').getByText(SECOND_APP_ID).waitFor();

    const reply = JSON.stringify(await options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSettings' })));
    expect(reply).not.toContain(tokenServer.headerValue);
    const stored = await localStorageText(await browser.currentServiceWorker());
    expect(stored).not.toContain(SECOND_APP_SECRET);
    await options.close();

    const popup = await browser.open('popup');
    await createCode(popup, { actionName: 'QR_SCENE', scene: '42', label: '中控' });
    await popup.close();
    expect(standIn.tokenFetches()).toEqual([]);
    expect(createdFor()).toEqual([SECOND_APP_ID]);
    expect(tokenServer.requests.at(-1)?.[tokenServer.headerName.toLowerCase()]).toBe(tokenServer.headerValue);
  });

  it('sends an account through its API relay (a fixed-IP forwarder) once set', async () => {
    const options = await browser.open('options');
    await options.locator('.account-list tr', { hasText: '门店号' }).getByRole('button', { name: '设为当前' }).click();
    await options.locator('.account-list tr', { hasText: '门店号' }).getByRole('button', { name: '编辑' }).click();
    await options.getByText('接口中转地址（可选）').click();
    // The stand-in plays the relay too: reached by its own address instead of api.weixin.qq.com.
    await options.locator('input[name=apiBase]').fill(`https://127.0.0.1:${standIn.port}/`);
    await new OptionsPage(options).submitAccount();
    await options.close();
    standIn.clearLog();
    const popup = await browser.open('popup');
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'via-relay', label: '中转' });
    await popup.close();
    expect(standIn.received.filter((r) => r.path.startsWith('/cgi-bin/')).map((r) => `${r.host} ${r.path}`)).toEqual([
      `127.0.0.1:${standIn.port} /cgi-bin/stable_token`,
      `127.0.0.1:${standIn.port} /cgi-bin/qrcode/create`,
      'mp.weixin.qq.com /cgi-bin/showqrcode',
    ]);
  });

  it("seals the token server's header under the passphrase lock: nothing is asked of the server while locked", async () => {
    const options = await browser.open('options');
    await options.locator('.account-list tr', { hasText: '总部号' }).getByRole('button', { name: '设为当前' }).click();
    await turnOnLock(options, '中控口令');
    const stored = await localStorageText(await browser.currentServiceWorker());
    expect(stored).not.toContain(tokenServer.headerValue);
    expect(stored).not.toContain(TEST_APP_SECRET);
    await options.getByRole('button', { name: '立即上锁' }).click();
    await options.getByTestId('lock-state').getByText('已上锁').waitFor();

    const asked = tokenServer.requests.length;
    const popup = await browser.open('popup');
    await popup.getByRole('heading', { name: '密钥已上锁' }).waitFor();
    await fillAndSubmit(popup, { actionName: 'QR_SCENE', scene: '43' });
    expect(await alertText(popup)).toContain('已加锁');
    expect(tokenServer.requests.length).toBe(asked);

    await submitUnlock(options, '中控口令');
    await options.getByTestId('lock-state').getByText('已解锁').waitFor();
    await options.close();
    await popup.reload();
    await createCode(popup, { actionName: 'QR_SCENE', scene: '43', label: '解锁后' });
    await popup.close();
    expect(tokenServer.requests.at(-1)?.[tokenServer.headerName.toLowerCase()]).toBe(tokenServer.headerValue);
    expect(createdFor().at(-1)).toBe(SECOND_APP_ID);
  });
});

describe('passphrase lock', () => {
  it('locks the AppSecret; after a browser restart nothing is sent until the right passphrase unlocks it', async () => {
    let browser = await suite.launchBrowser();
    const options = await browser.open('options');
    await turnOnLock(options, '芝麻开门 2026');
    const stored = await localStorageText(await browser.currentServiceWorker());
    expect(stored).not.toContain(TEST_APP_SECRET);
    await options.close();

    browser = await browser.restart();
    try {
      standIn.clearLog();
      const popup = await browser.open('popup');
      await popup.getByRole('heading', { name: '密钥已上锁' }).waitFor();
      await popup.locator('input[name=scene]').or(popup.locator('input[name=sceneStr]')).first().fill('locked-1');
      await popup.locator('form button[type=submit]').click();
      expect(await alertText(popup)).toContain('已加锁');
      expect(standIn.tokenFetches()).toEqual([]);

      const unlockPage = await browser.open('options');
      await unlockPage.getByTestId('lock-state').getByText('已上锁').waitFor();
      await submitUnlock(unlockPage, '芝麻开门');
      expect(await alertText(unlockPage)).toContain('口令不对');
      await submitUnlock(unlockPage, '芝麻开门 2026');
      await unlockPage.getByTestId('lock-state').getByText('已解锁').waitFor();
      await unlockPage.close();

      await popup.reload();
      await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'unlocked-1', label: '解锁后' });
      expect(standIn.tokenFetches().map((r) => (r.body as { secret: string }).secret)).toEqual([TEST_APP_SECRET]);
    } finally {
      await browser.close();
    }
  });
});
