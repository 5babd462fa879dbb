import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWithLocalServerAccess } from './support/build-copy';
import { ExtensionBrowser } from './support/extension-browser';
import { saveCredentials } from './page-objects/compat';
import { LocalTokenServer } from '../stand-ins/token-server';
import { TEST_APP_ID, WechatStandIn } from '../stand-ins/wechat-stand-in';

/**
 * A broken token server or relay is reported as itself, by its origin, with what to do: not in
 * WeChat's words ("微信服务器返回 HTTP 500", "微信返回了无法识别的内容"), which sent operators to the
 * wrong place. The options page's 测试连接 asks for a token, so it meets the fault first.
 */
let standIn: WechatStandIn;
let broken: LocalTokenServer;
let copy: ReturnType<typeof buildWithLocalServerAccess>;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
  // One local server plays the broken token server and the broken relay: only its answer matters.
  broken = await new LocalTokenServer(standIn, TEST_APP_ID).start();
  copy = buildWithLocalServerAccess('scene-qr-error-sources-');
  browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, extensionDir: copy.dir });
  options = await browser.open('options');
  await saveCredentials(options);
});

afterAll(async () => {
  await browser?.close();
  await broken?.stop();
  await standIn?.stop();
  copy?.remove();
});

/** Edits the one account, saves, presses 测试连接 and returns the alert's text. */
async function testConnectionAfter(edit: (form: Page) => Promise<void>): Promise<string> {
  await options.reload();
  await options.locator('.account-list tr').first().getByRole('button', { name: '编辑' }).click();
  await edit(options);
  await options.locator('form.credentials button[type=submit]').click();
  await options.locator('form.credentials [role=status]').getByText('已保存').waitFor();
  await options.getByRole('button', { name: '测试连接' }).click();
  const alert = options.locator('form.credentials [role=alert]');
  await alert.waitFor();
  return alert.innerText();
}

async function useTokenServer(form: Page): Promise<void> {
  await form.locator('input[name=tokenSource][value=server]').check();
  await form.locator('input[name=tokenServerUrl]').fill(broken.url);
}

describe('测试连接 names the server that failed', () => {
  it('a relay answering 502: the relay by its origin, not WeChat', async () => {
    broken.fault = { status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' };
    const asked = broken.requests.length;
    const text = await testConnectionAfter(async (form) => {
      await form.getByText('接口中转地址（可选）').click();
      await form.locator('input[name=apiBase]').fill(broken.origin);
    });
    expect(broken.requests.length).toBe(asked + 1);
    expect(text).toContain(`接口中转 ${broken.origin} 返回 HTTP 502`);
    expect(text).toContain('清空“接口中转地址”');
    expect(text).not.toContain('微信服务器返回');
    expect(standIn.tokenFetches()).toEqual([]);
  });

  it('a token server answering 500: the token server by its origin, and to press 测试连接 once fixed', async () => {
    broken.fault = { status: 500, contentType: 'text/plain', body: 'Internal Server Error' };
    const text = await testConnectionAfter(async (form) => {
      await form.locator('input[name=apiBase]').fill('');
      await useTokenServer(form);
    });
    expect(text).toContain(`中控服务器 ${broken.origin} 返回 HTTP 500`);
    expect(text).toContain('测试连接');
    expect(text).not.toContain('微信');
  });

  it('a token server answering an HTML page: the token server by its origin, not "微信返回了无法识别的内容"', async () => {
    broken.fault = { status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in</title><form>…</form>' };
    const text = await testConnectionAfter(useTokenServer);
    expect(text).toContain(`中控服务器 ${broken.origin} 的回答不是令牌`);
    expect(text).not.toContain('微信返回了无法识别的内容');
    expect(text).not.toContain('微信');
  });
});
