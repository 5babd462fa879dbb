import { afterAll, beforeAll, expect, it } from 'vitest';
import { PopupPage } from './page-objects/popup';
import type { ExtensionBrowser } from './support/extension-browser';
import { addHistoryRecord } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

let suite: Suite;
let browser: ExtensionBrowser;

beforeAll(async () => {
  suite = await startSuite({ lang: 'en-US', account: false });
  ({ browser } = suite);
});

afterAll(() => suite?.stop());

it('speaks English in an English browser: popup and options', async () => {
  const popup = await browser.open('popup');
  await popup.getByRole('heading', { name: 'Create a parametric QR code' }).waitFor();
  await popup.getByRole('button', { name: 'Create code' }).waitFor();
  expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
  // The header painted before the popup's scripts run is English too (Chrome fills it in the stylesheet).
  expect((await new PopupPage(popup).shell()).title).toBe('"Create a parametric QR code"');
  const options = await browser.open('options');
  await options.getByRole('heading', { name: 'Scene QR options' }).waitFor();
  await options.getByRole('heading', { name: 'Add an account' }).waitFor();
  await options.getByRole('heading', { name: 'Passphrase lock' }).waitFor();
  await options.getByText('Stable token (recommended)').waitFor();
});

it('counts history in English: "0 codes", and "1 code", not "1 codes"', async () => {
  const history = await browser.open('codes');
  const count = history.locator('[data-testid=history-count]');
  await expect.poll(() => count.innerText()).toBe('0 codes');
  await addHistoryRecord(await browser.currentServiceWorker(), {
    id: 'one',
    appId: 'wx1234567890abcdef',
    actionName: 'QR_LIMIT_STR_SCENE',
    scene: 'only-one',
    label: 'The only code',
    ticket: 't-one',
    url: 'http://weixin.qq.com/q/one',
    expireSeconds: null,
    createdAt: Date.now(),
    expiresAt: null,
  });
  await history.reload();
  await expect.poll(() => count.innerText()).toBe('1 code');
  await history.close();
});

it('says "Expires in 1 day", not "1 days", for a code with a day or less left', async () => {
  const history = await browser.open('codes');
  const now = Date.now();
  await addHistoryRecord(await browser.currentServiceWorker(), {
    id: 'soon',
    appId: 'wx1234567890abcdef',
    actionName: 'QR_STR_SCENE',
    scene: 'ends-soon',
    label: 'Ends tomorrow',
    ticket: 't-soon',
    url: 'http://weixin.qq.com/q/soon',
    expireSeconds: 86_400,
    createdAt: now - 4 * 3_600_000,
    expiresAt: now + 20 * 3_600_000,
  });
  await history.reload();
  await history.getByText('Ends tomorrow').first().waitFor();
  await expect.poll(() => history.locator('body').innerText()).toContain('Expires in 1 day');
  expect(await history.locator('body').innerText()).not.toContain('Expires in 1 days');
  await history.close();
});
