import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AccountServer } from '../stand-ins/account-server';
import { buildWithLocalServerAccess } from './support/build-copy';
import { ExtensionBrowser } from './support/extension-browser';
import { addHistoryRecord } from './support/extension-state';
import { createCode, saveCredentials } from './page-objects/compat';
import { SECOND_APP_ID, SECOND_APP_SECRET, TEST_APP_ID, WechatStandIn } from '../stand-ins/wechat-stand-in';

/**
 * The pages that show one account's things say which account, and follow the current one: the
 * options page's 服务器配置 (two accounts, two servers), the popup's 最近生成; and 下载微信原图 of a
 * ticket WeChat does not know says so.
 */
let standIn: WechatStandIn;
let shopServer: AccountServer;
let hqServer: AccountServer;
let copy: ReturnType<typeof buildWithLocalServerAccess>;
let browser: ExtensionBrowser;

const SHOP = `门店号 (${TEST_APP_ID})`;
const HQ = `总部号 (${SECOND_APP_ID})`;

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
  shopServer = await new AccountServer({ token: 'ShopServerToken' }).start();
  hqServer = await new AccountServer({ token: 'HqServerToken' }).start();
  copy = buildWithLocalServerAccess('scene-qr-account-pages-');
  browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, extensionDir: copy.dir });
  const options = await browser.open('options');
  await options.locator('input[name=accountName]').fill('门店号');
  await saveCredentials(options);
  await options.getByRole('button', { name: '添加公众号' }).click();
  await options.locator('input[name=accountName]').fill('总部号');
  await saveCredentials(options, SECOND_APP_ID, SECOND_APP_SECRET);
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  await hqServer?.stop();
  await shopServer?.stop();
  await standIn?.stop();
  copy?.remove();
});

const pushAccount = (options: Page) => options.locator('select[name=pushAccount] option:checked');

async function saveServer(options: Page, server: AccountServer, account: string): Promise<void> {
  await options.locator('input[name=pushUrl]').fill(server.url);
  await options.locator('input[name=pushToken]').fill(server.token);
  await options.locator('input[name=originalId]').fill('gh_0123456789ab');
  await options.getByRole('button', { name: '保存服务器配置' }).click();
  await options.locator('form.push-server [role=status]').getByText(`已保存到「${account}」`).waitFor();
}

async function verify(options: Page): Promise<void> {
  await options.getByRole('button', { name: '发送 URL 验证请求' }).click();
  await options.locator('form.push-server [role=status]').getByText('验证通过').waitFor();
}

describe('服务器配置 on the options page', () => {
  it('names its account, follows 设为当前, and saves and verifies into the account shown', async () => {
    const options = await browser.open('options');
    await expect.poll(() => pushAccount(options).innerText()).toBe(`${SHOP} · 当前`);
    await saveServer(options, shopServer, '门店号');

    await options.locator('.account-list tr', { hasText: '总部号' }).getByRole('button', { name: '设为当前' }).click();
    await expect.poll(() => pushAccount(options).innerText()).toBe(`${HQ} · 当前`);
    // 总部号 has no server yet: nothing of 门店号's is shown (or saved) under it.
    await expect.poll(() => options.locator('input[name=pushUrl]').inputValue()).toBe('');
    await saveServer(options, hqServer, '总部号');
    await verify(options);
    expect(hqServer.verifications.map((v) => v.signatureOk)).toEqual([true]);
    expect(shopServer.verifications).toHaveLength(0);

    // The other account's server, chosen right here; the current account stays 总部号.
    await options.locator('select[name=pushAccount]').selectOption({ label: SHOP });
    await expect.poll(() => options.locator('input[name=pushUrl]').inputValue()).toBe(shopServer.url);
    await verify(options);
    expect(shopServer.verifications.map((v) => v.signatureOk)).toEqual([true]);
    expect(hqServer.verifications).toHaveLength(1);
    await options.close();

    // As stored, seen from a fresh page: each account keeps its own server.
    const again = await browser.open('options');
    await expect.poll(() => pushAccount(again).innerText()).toBe(`${HQ} · 当前`);
    await expect.poll(() => again.locator('input[name=pushUrl]').inputValue()).toBe(hqServer.url);
    await again.close();
  });

  it('keeps unsaved edits on their own account when another becomes current', async () => {
    const options = await browser.open('options');
    await expect.poll(() => options.locator('input[name=pushUrl]').inputValue()).toBe(hqServer.url);
    await options.locator('input[name=originalId]').fill('gh_edited_hq');
    await options.locator('.account-list tr', { hasText: '门店号' }).getByRole('button', { name: '设为当前' }).click();
    await options.getByTestId('push-server-held').getByText('保存会写入「总部号」').waitFor();
    expect(await pushAccount(options).innerText()).toBe(HQ);
    await options.getByRole('button', { name: '保存服务器配置' }).click();
    await options.locator('form.push-server [role=status]').getByText('已保存到「总部号」').waitFor();
    await verify(options);
    expect(hqServer.verifications).toHaveLength(2);
    expect(shopServer.verifications).toHaveLength(1);
    // Back to 门店号 (current now): its server untouched.
    await options.locator('select[name=pushAccount]').selectOption({ label: `${SHOP} · 当前` });
    await expect.poll(() => options.locator('input[name=pushUrl]').inputValue()).toBe(shopServer.url);
    expect(await options.locator('input[name=originalId]').inputValue()).toBe('gh_0123456789ab');
    await options.close();
  });
});

describe('最近生成 in the popup', () => {
  it("lists only the current account's codes, and changes with the switcher at once", async () => {
    const popup = await browser.open('popup');
    const select = popup.locator('select[name=account]');
    const recent = () => popup.locator('[data-testid=recent-list] .scene').allInnerTexts();
    await select.selectOption({ label: SHOP });
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'shop-recent' });
    await select.selectOption({ label: HQ });
    await expect.poll(recent).toEqual([]);
    await popup.getByText('还没有生成过二维码。').waitFor();
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'hq-recent' });
    await expect.poll(recent).toEqual(['hq-recent']);
    expect(await popup.getByTestId('recent-account').innerText()).toContain('总部号');
    await select.selectOption({ label: SHOP });
    await expect.poll(recent).toEqual(['shop-recent']);
    expect(await popup.getByTestId('recent-account').innerText()).toContain('门店号');
    await popup.close();
  });
});

describe('下载微信原图', () => {
  it('says WeChat no longer has the image of a ticket it does not know, and that the local PNG/SVG still works', async () => {
    const ticket = 'gQH+/unknown-ticket==';
    const now = Date.now();
    await addHistoryRecord(await browser.currentServiceWorker(), {
      id: 'unknown-ticket-record',
      appId: TEST_APP_ID,
      actionName: 'QR_STR_SCENE',
      scene: 'gone-scene',
      label: '失效票据',
      ticket,
      url: 'http://weixin.qq.com/q/unknown',
      expireSeconds: 86400,
      createdAt: now,
      expiresAt: now + 86_400_000,
    });
    const history = await browser.open('codes');
    await history.locator('.code-row .row-main', { hasText: '失效票据' }).click();
    const detail = history.getByTestId('code-detail');
    await detail.getByRole('button', { name: '下载微信原图' }).click();
    // The page's image of the code failed too (its own alert): this one is the download's.
    const alert = detail.getByRole('alert').filter({ hasText: '微信已没有' });
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('微信已没有这张二维码的图片（HTTP 404）');
    expect(text).toContain('本地 PNG/SVG 仍可使用');
    // The stand-in answered as WeChat does: 404 for the ticket, asked for encoded once.
    expect(standIn.requestsTo('/cgi-bin/showqrcode').map((r) => r.query.ticket)).toContain(ticket);
    await history.close();
  });
});
