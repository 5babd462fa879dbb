import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WechatStandIn } from '../stand-ins/wechat-stand-in';
import { CreatePage } from './page-objects/create';
import { HistoryPage } from './page-objects/history';
import { OptionsPage } from './page-objects/options';
import type { ExtensionBrowser } from './support/extension-browser';
import { historyRecords } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

/** chrome.* as the service worker sees it (these tests evaluate inside it). */
declare const chrome: {
  contextMenus: { update(id: string, props: object): Promise<void>; onClicked: { dispatch(info: object, tab?: object): void } };
  notifications: { getAll(): Promise<Record<string, boolean>> };
};

const MENU_ID = 'scene-qr-link-param';
let suite: Suite;
let standIn: WechatStandIn;
/** Replaced by the browser restart below. */
let browser: ExtensionBrowser;

beforeAll(async () => {
  suite = await startSuite();
  ({ standIn, browser } = suite);
});

afterAll(() => suite?.stop(browser));

beforeEach(() => standIn.clearLog());

/** Clicks the menu item the way Chrome does: the registered onClicked listeners run in the service worker. */
async function clickMenu(info: { linkUrl?: string; pageUrl?: string; selectionText?: string }): Promise<Page> {
  const sw = await browser.currentServiceWorker();
  const create = await CreatePage.opened(browser, () =>
    sw.evaluate(([id, clickInfo]) => chrome.contextMenus.onClicked.dispatch({ menuItemId: id, editable: false, ...clickInfo }), [MENU_ID, info] as const),
  );
  return create.page;
}

async function setMenuSettings(settings: { actionName?: string; immediate?: boolean }): Promise<void> {
  const options = await OptionsPage.open(browser);
  await options.saveMenuSettings(settings);
  await options.close();
}

describe('QR for this link param', () => {
  it('is registered, and still after the service worker restarts', async () => {
    let sw = await browser.currentServiceWorker();
    await expect(sw.evaluate((id) => chrome.contextMenus.update(id, {}), MENU_ID)).resolves.toBeUndefined();
    // The probe can fail: updating an item that does not exist is an error.
    await expect(sw.evaluate(() => chrome.contextMenus.update('no-such-item', {}))).rejects.toThrow();
    await sw.evaluate(() => ((self as { restartMarker?: number }).restartMarker = 1));
    sw = await browser.restartServiceWorker();
    expect(await sw.evaluate(() => (self as { restartMarker?: number }).restartMarker)).toBeUndefined();
    await expect(sw.evaluate((id) => chrome.contextMenus.update(id, {}), MENU_ID)).resolves.toBeUndefined();
  });

  it('opens a window prefilled from the link; Enter creates the code with the source link kept', async () => {
    const link = 'https://shop.example.com/landing?utm_source=wx&channel=spring%20fair&channel=2nd';
    const page = await clickMenu({ linkUrl: link, pageUrl: 'https://shop.example.com/' });
    expect(await page.locator('input[name=sceneStr]').inputValue()).toBe('spring fair');
    expect(await page.locator('input[name=label]').inputValue()).toBe('spring fair · shop.example.com/landing');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=source-url]').getByText(link).waitFor();
    expect(standIn.createBodies()).toEqual([{ expire_seconds: 2592000, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'spring fair' } } }]);
    const saved = (await historyRecords(await browser.currentServiceWorker())).find((r) => r.scene === 'spring fair');
    expect(saved?.sourceUrl).toBe(link);
    await page.close();
    // The source link is searchable in history.
    const history = await HistoryPage.open(browser);
    await history.page.locator('input[name=search]').fill('shop.example.com/landing');
    await expect.poll(() => history.shownScenes()).toEqual(['spring fair']);
    await history.close();
  });

  it('lists the link parameters to pick when none is configured', async () => {
    const page = await clickMenu({ linkUrl: 'https://x.example/p?id=7&ref=poster' });
    expect(await page.locator('input[name=sceneStr]').inputValue()).toBe('');
    await page.getByRole('button', { name: '使用 ref = poster' }).click();
    expect(await page.locator('input[name=sceneStr]').inputValue()).toBe('poster');
    await page.locator('select[name=actionName]').selectOption('QR_SCENE');
    await page.getByRole('button', { name: '使用 id = 7' }).click();
    await page.locator('select[name=actionName]').selectOption('QR_SCENE');
    expect(await page.locator('input[name=sceneId]').inputValue()).toBe('7');
    await page.close();
  });

  it('explains an overlong value and sends nothing', async () => {
    const page = await clickMenu({ linkUrl: `https://x.example/?scene=${'长'.repeat(30)}` });
    expect(await page.locator('[role=alert]').first().innerText()).toContain('90');
    await page.keyboard.press('Enter');
    expect(standIn.received).toEqual([]);
    await page.close();
  });

  it('uses selected text as the scene, trimmed', async () => {
    const page = await clickMenu({ selectionText: '  门店-42  ', pageUrl: 'https://x.example/list' });
    expect(await page.locator('input[name=sceneStr]').inputValue()).toBe('门店-42');
    await page.close();
  });

  it('refuses to read a javascript: link and lets the operator type a scene', async () => {
    const page = await clickMenu({ linkUrl: 'javascript:alert(1)//?scene=x' });
    expect(await page.locator('[role=alert]').first().innerText()).toContain('http');
    expect(await page.locator('input[name=sceneStr]').inputValue()).toBe('');
    await page.close();
  });

  it('with "create immediately", makes a temporary code without a window and notifies', async () => {
    await setMenuSettings({ immediate: true });
    const sw = await browser.currentServiceWorker();
    await sw.evaluate((id) => chrome.contextMenus.onClicked.dispatch({ menuItemId: id, editable: false, linkUrl: 'https://x.example/?from=instant' }), MENU_ID);
    await expect.poll(async () => (await historyRecords(sw)).map((r) => r.scene), { timeout: 10_000, interval: 200 }).toContain('instant');
    // The notification follows the save (the code is kept first), so it may arrive a moment after the record.
    const notified = async () => Object.keys(await sw.evaluate(() => chrome.notifications.getAll())).some((id) => id.startsWith('scene-qr-'));
    await expect.poll(notified, { timeout: 5_000, interval: 100 }).toBe(true);
    expect(browser.context.pages().some((page) => page.url().includes('/create.html'))).toBe(false);
  });

  it('still asks first for a permanent code, even with "create immediately"', async () => {
    await setMenuSettings({ actionName: 'QR_LIMIT_STR_SCENE', immediate: true });
    const page = await clickMenu({ linkUrl: 'https://x.example/?from=forever' });
    expect(await page.locator('select[name=actionName]').inputValue()).toBe('QR_LIMIT_STR_SCENE');
    expect(standIn.createBodies()).toEqual([]);
    await page.close();
    await setMenuSettings({ actionName: 'QR_STR_SCENE', immediate: false });
  });
});

describe('after a browser restart', () => {
  it('the menu item is still registered', async () => {
    browser = await browser.restart();
    const sw = await browser.currentServiceWorker();
    // onStartup re-registers the item (removeAll, then create): ask until that has run, not just once at launch.
    const registered = () =>
      sw.evaluate(
        (id) =>
          chrome.contextMenus.update(id, {}).then(
            () => true,
            () => false,
          ),
        MENU_ID,
      );
    await expect.poll(registered, { timeout: 5_000, interval: 100 }).toBe(true);
  });
});
