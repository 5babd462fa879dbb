import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExtensionBrowser } from './extension-browser';
import { popupShell } from './pages';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await ExtensionBrowser.launch({ lang: 'en-US' });
});

afterAll(async () => {
  await browser?.close();
});

it('speaks English in an English browser: popup and options', async () => {
  const popup = await browser.open('popup');
  await popup.getByRole('heading', { name: 'Create a parametric QR code' }).waitFor();
  await popup.getByRole('button', { name: 'Create code' }).waitFor();
  expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
  // The header painted before the popup's scripts run is English too (Chrome fills it in the stylesheet).
  expect((await popupShell(popup)).title).toBe('"Create a parametric QR code"');
  const options = await browser.open('options');
  await options.getByRole('heading', { name: 'Scene QR options' }).waitFor();
  await options.getByRole('heading', { name: 'Add an account' }).waitFor();
  await options.getByRole('heading', { name: 'Passphrase lock' }).waitFor();
  await options.getByText('Stable token (recommended)').waitFor();
});
