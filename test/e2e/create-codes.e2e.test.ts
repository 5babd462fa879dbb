import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WechatStandIn } from '../stand-ins/wechat-stand-in';
import { type CodeInput, PopupPage } from './page-objects/popup';
import { alertText } from './page-objects/screen';
import type { ExtensionBrowser } from './support/extension-browser';
import { historyRecords } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

let suite: Suite;
let standIn: WechatStandIn;
let browser: ExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  suite = await startSuite();
  ({ standIn, browser } = suite);
});

afterAll(() => suite?.stop());

beforeEach(async () => {
  standIn.clearLog();
  await popup?.close();
  popup = await browser.open('popup');
});

const createCode = (page: Page, input: CodeInput) => new PopupPage(page).createCode(input);
const fillAndSubmit = (page: Page, input: CodeInput) => new PopupPage(page).fillAndSubmit(input);

async function imageLoaded(page: Page): Promise<boolean> {
  const image = page.locator('[data-testid=result] img.qr-image');
  await image.waitFor();
  return image.evaluate(async (img: HTMLImageElement) => {
    if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
    return img.naturalWidth > 0;
  });
}

describe('opening the popup', () => {
  it('has its header in the page itself, titled by Chrome before any script runs, and replaced by the app', async () => {
    const shell = await new PopupPage(popup).shell();
    expect(shell.markup).toBe('<main class="popup"><header class="bar"><h1 class="popup-shell-title"></h1></header></main>');
    expect(shell.stylesheetFirst).toBe(true);
    expect(shell.title).toBe('"生成带参数二维码"');
    // The app draws the same header: one title, the shell's gone.
    await popup.locator('select[name=actionName]').waitFor();
    expect(await popup.getByRole('heading', { level: 1 }).allInnerTexts()).toEqual(['生成带参数二维码']);
    expect(await popup.locator('.popup-shell-title').count()).toBe(0);
  });
});

describe('creating the four kinds of code', () => {
  it('sends the exact body for each kind, loads each image and fetches one token for all', async () => {
    await createCode(popup, { actionName: 'QR_SCENE', scene: '4294967295', expireSeconds: '604800', label: '海报A' });
    expect(await imageLoaded(popup)).toBe(true);
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: '门店-国贸', expireSeconds: '86400' });
    expect(await imageLoaded(popup)).toBe(true);
    await createCode(popup, { actionName: 'QR_LIMIT_SCENE', scene: '100000' });
    expect(await imageLoaded(popup)).toBe(true);
    await createCode(popup, { actionName: 'QR_LIMIT_STR_SCENE', scene: 'salesperson-42' });
    expect(await imageLoaded(popup)).toBe(true);

    expect(standIn.createBodies()).toEqual([
      { expire_seconds: 604800, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 4294967295 } } },
      { expire_seconds: 86400, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: '门店-国贸' } } },
      { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100000 } } },
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'salesperson-42' } } },
    ]);
    // Tickets hold +, / and =; each image request carried the ticket encoded exactly once.
    const shown = standIn.requestsTo('/cgi-bin/showqrcode').map((r) => r.query.ticket ?? '');
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const ticket of shown) expect(ticket).toMatch(/^gQH\+\//);
    // One stable-token fetch served all four codes.
    expect(standIn.tokenFetches().map((r) => r.path)).toEqual(['/cgi-bin/stable_token']);
  });
});

describe('bad input', () => {
  it.each([
    { actionName: 'QR_SCENE', scene: '0', expect: '4294967295' },
    { actionName: 'QR_SCENE', scene: '4294967296', expect: '4294967295' },
    { actionName: 'QR_LIMIT_SCENE', scene: '100001', expect: '100000' },
    { actionName: 'QR_STR_SCENE', scene: '扫'.repeat(22), expect: '66' },
    { actionName: 'QR_STR_SCENE', scene: '', expect: '64' },
  ] as const)('$actionName "$scene" is refused in the form and sends nothing', async (input) => {
    await fillAndSubmit(popup, input);
    expect(await alertText(popup)).toContain(input.expect);
    expect(standIn.received).toEqual([]);
  });

  it('a lifetime under 60 s or over 30 days is refused before any request', async () => {
    await fillAndSubmit(popup, { actionName: 'QR_SCENE', scene: '7', expireSeconds: '59' });
    expect(await alertText(popup)).toContain('2592000');
    await fillAndSubmit(popup, { actionName: 'QR_SCENE', scene: '7', expireSeconds: '2592001' });
    expect(await alertText(popup)).toContain('2592000');
    expect(standIn.received).toEqual([]);
  });
});

describe('token handling in the browser', () => {
  it('recovers from an expired token: one refetch, one retry, and the code is made', async () => {
    await createCode(popup, { actionName: 'QR_SCENE', scene: '1001', expireSeconds: '86400' });
    standIn.expireAllTokens();
    standIn.clearLog();
    await createCode(popup, { actionName: 'QR_SCENE', scene: '1002', expireSeconds: '86400' });
    expect(standIn.tokenFetches()).toHaveLength(1);
    expect(standIn.requestsTo('/cgi-bin/qrcode/create')).toHaveLength(2);
  });
});

describe('WeChat errors are explained', () => {
  it('40164 names the IP WeChat saw and where the whitelist is', async () => {
    standIn.expireAllTokens();
    standIn.queueFault('/cgi-bin/stable_token', {
      errcode: 40164,
      errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6543a1b2-0c9d',
    });
    await fillAndSubmit(popup, { actionName: 'QR_STR_SCENE', scene: 'ip-test' });
    const text = await alertText(popup);
    expect(text).toContain('203.0.113.7');
    expect(text).toContain('IP白名单');
    expect(text).toContain('6543a1b2-0c9d');
  });

  it('48001 says only verified service accounts may create codes', async () => {
    standIn.queueFault('/cgi-bin/qrcode/create', { errcode: 48001, errmsg: 'api unauthorized rid: 1111-2222' });
    await fillAndSubmit(popup, { actionName: 'QR_STR_SCENE', scene: 'unauth' });
    expect(await alertText(popup)).toContain('已认证的服务号');
  });

  it('45009 stops at once with the daily quota explained', async () => {
    standIn.queueFault('/cgi-bin/qrcode/create', { errcode: 45009, errmsg: 'reach max api daily quota limit rid: 3333-4444' });
    await fillAndSubmit(popup, { actionName: 'QR_STR_SCENE', scene: 'quota' });
    expect(await alertText(popup)).toContain('零点');
    expect(standIn.requestsTo('/cgi-bin/qrcode/create')).toHaveLength(1);
  });
});

describe('results', () => {
  it('a code created while the popup closes is still in history', async () => {
    standIn.queueFault('/cgi-bin/qrcode/create', { delayMs: 1500 });
    await fillAndSubmit(popup, { actionName: 'QR_STR_SCENE', scene: 'closed-popup' });
    await expect.poll(() => standIn.requestsTo('/cgi-bin/qrcode/create').length).toBe(1);
    await popup.close();
    // The background finishes the code on its own: wait until it is in history, then look.
    const sw = await browser.currentServiceWorker();
    await expect.poll(async () => (await historyRecords(sw)).map((r) => r.scene), { timeout: 10_000 }).toContain('closed-popup');
    popup = await browser.open('popup');
    await popup.locator('[data-testid=recent-list]').getByText('closed-popup').waitFor();
  });

  it('shows the expiry date and downloads the image under the label and scene', async () => {
    await createCode(popup, { actionName: 'QR_SCENE', scene: '777', expireSeconds: '604800', label: '海报A' });
    const shown = await popup.locator('[data-testid=expires]').innerText();
    const expected = await popup.evaluate(() =>
      new Date(Date.now() + 604800_000).toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    );
    expect(shown).toContain(expected.slice(0, 10));
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: '下载图片' }).click()]);
    // WeChat's image is a JPEG (contract §2): saved as one, the bytes as WeChat sent them.
    expect(download.suggestedFilename()).toBe('海报A-777.jpg');
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect([...readFileSync(path).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('copies the code url to the clipboard', async () => {
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'copy-me' });
    await popup.getByRole('button', { name: '复制二维码内容链接' }).click();
    await popup.getByRole('status').waitFor();
    // Read the real clipboard back by pasting it into a scratch field (reading needs a permission
    // Chromium cannot grant to extension origins).
    await popup.evaluate(() => document.body.append(Object.assign(document.createElement('textarea'), { id: 'paste' })));
    await popup.locator('#paste').focus();
    await popup.keyboard.press('Control+V');
    expect(await popup.locator('#paste').inputValue()).toMatch(/^http:\/\/weixin\.qq\.com\/q\//);
  });
});
