import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AccountServer, parseWeChatXml, signatureFor } from '../stand-ins/account-server';
import { HistoryPage } from './page-objects/history';
import { OptionsPage } from './page-objects/options';
import { PopupPage } from './page-objects/popup';
import { alertText } from './page-objects/screen';
import type { ExtensionBrowser } from './support/extension-browser';
import { localStorageText } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

let suite: Suite;
let server: AccountServer;
let browser: ExtensionBrowser;

const saveServer = (page: Page, url: string, token: string) => new OptionsPage(page).saveServer(url, token);
const turnOnLock = (options: Page, passphrase: string) => new OptionsPage(options).turnOnLock(passphrase);
const submitUnlock = (options: Page, passphrase: string) => new OptionsPage(options).submitUnlock(passphrase);

async function openCodeDetail(scene: string): Promise<Page> {
  const history = await HistoryPage.open(browser);
  await history.openScanPreview(scene);
  return history.page;
}

beforeAll(async () => {
  server = await new AccountServer().start();
  suite = await startSuite({ localServerAccess: true });
  ({ browser } = suite);
  const options = await browser.open('options');
  await saveServer(options, server.url, server.token);
  await options.close();
  const popup = await PopupPage.open(browser);
  await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'a]]>b 渠道', label: 'push-test' });
  await popup.close();
});

afterAll(async () => {
  await suite?.stop();
  await server?.stop();
});

beforeEach(() => {
  server.mode = 'ok';
  server.received.length = 0;
  server.verifications.length = 0;
});

describe('what a scan sends', () => {
  it('previews both events with the scene in EventKey, and the XML parses', async () => {
    const page = await openCodeDetail('push-test');
    const subscribe = await page.locator('[data-testid=preview-subscribe] pre').innerText();
    const scan = await page.locator('[data-testid=preview-SCAN] pre').innerText();
    expect(parseWeChatXml(subscribe)).toMatchObject({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_a]]>b 渠道' });
    expect(parseWeChatXml(scan)).toMatchObject({ Event: 'SCAN', EventKey: 'a]]>b 渠道' });
    // Chromium's own XML parser agrees.
    expect(await page.evaluate((xml) => new DOMParser().parseFromString(xml, 'text/xml').querySelector('EventKey')?.textContent, subscribe)).toBe(
      'qrscene_a]]>b 渠道',
    );
    await page.close();
  });
});

describe('test push', () => {
  it('POSTs the signed XML as WeChat would and shows status, time and reply', async () => {
    const page = await openCodeDetail('push-test');
    await page.locator('[data-testid=preview-subscribe]').getByRole('button', { name: '发送测试推送' }).click();
    await page.locator('[data-testid=preview-subscribe] [data-testid=push-result]').getByText('服务器已接收：HTTP 200').waitFor();
    expect(await page.locator('[data-testid=preview-subscribe] [data-testid=push-result] pre').innerText()).toBe('success');
    expect(server.received).toHaveLength(1);
    const push = server.received[0]!;
    expect(push.signatureOk).toBe(true);
    expect(push.headers['content-type']).toBe('text/xml');
    expect(push.query.openid).toMatch(/^oSceneQR_test/);
    expect(push.query.signature).toBe(signatureFor(server.token, push.query.timestamp!, push.query.nonce!));
    expect(push.fields).toMatchObject({ ToUserName: 'gh_0123456789ab', Event: 'subscribe', EventKey: 'qrscene_a]]>b 渠道' });
    await page.close();
  });

  it('explains a non-2xx answer and a refused connection', async () => {
    const page = await openCodeDetail('push-test');
    const scan = page.locator('[data-testid=preview-SCAN]');
    server.mode = 'status-500';
    await scan.getByRole('button', { name: '发送测试推送' }).click();
    expect(await scan.locator('[role=alert]').innerText()).toContain('HTTP 500');
    server.mode = 'reset';
    await scan.getByRole('button', { name: '发送测试推送' }).click();
    await scan.locator('[role=alert]').getByText('无法连接到').waitFor();
    await page.close();
  });

  it('URL verification: the echo is checked, and a wrong echo explained', async () => {
    const options = await browser.open('options');
    await options.getByRole('button', { name: '发送 URL 验证请求' }).click();
    await options.locator('form.push-server [role=status]').getByText('验证通过').waitFor();
    server.mode = 'wrong-echo';
    await options.getByRole('button', { name: '发送 URL 验证请求' }).click();
    expect(await alertText(options)).toContain('echostr');
    expect(server.verifications.length).toBe(2);
    expect(server.received).toHaveLength(0);
    await options.close();
  });
});

describe('under the passphrase lock', () => {
  it('keeps the server Token sealed: no push is signed while locked, and it is signed with the Token once unlocked', async () => {
    const options = await browser.open('options');
    await turnOnLock(options, '推送口令');
    const stored = await localStorageText(await browser.currentServiceWorker());
    expect(stored).not.toContain(server.token);
    await options.getByRole('button', { name: '立即上锁' }).click();
    await options.getByTestId('lock-state').getByText('已上锁').waitFor();

    const page = await openCodeDetail('push-test');
    const scan = page.locator('[data-testid=preview-SCAN]');
    await scan.getByRole('button', { name: '发送测试推送' }).click();
    expect(await scan.locator('[role=alert]').innerText()).toContain('已加锁');
    expect(server.received).toHaveLength(0);

    await submitUnlock(options, '推送口令');
    await options.getByTestId('lock-state').getByText('已解锁').waitFor();
    await scan.getByRole('button', { name: '发送测试推送' }).click();
    await scan.locator('[data-testid=push-result]').getByText('服务器已接收：HTTP 200').waitFor();
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.signatureOk).toBe(true);
    // Back as it was for the tests after this one.
    await options.getByRole('button', { name: '关闭口令锁' }).click();
    await options.locator('input[name=currentPassphrase]').fill('推送口令');
    await options.getByRole('button', { name: '关闭口令锁' }).click();
    await options.getByTestId('lock-state').getByText('未开启').waitFor();
    await options.close();
    await page.close();
  });
});

describe('without the grant', () => {
  it('sends nothing to a server the operator has not allowed', async () => {
    const plain = await suite.launchBrowser();
    try {
      const options = await plain.open('options');
      // Stored through the background directly: the prompt the form would show cannot be answered here.
      const send = (message: unknown) =>
        options.evaluate(
          (m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m),
          message,
        );
      const settings = (await send({ type: 'getSettings' })) as { payload: { currentAccountId: string } };
      const accountId = settings.payload.currentAccountId;
      expect(await send({ type: 'savePushServer', input: { accountId, url: server.url, token: server.token, originalId: '' } })).toMatchObject({
        success: true,
      });
      expect(await send({ type: 'verifyServer', input: { accountId } })).toMatchObject({
        success: false,
        error: { code: 'push_permission_missing', params: [new URL(server.url).origin] },
      });
      expect(server.verifications).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });
});
