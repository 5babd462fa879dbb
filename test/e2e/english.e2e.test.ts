import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExtensionBrowser } from './extension-browser';

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
  const options = await browser.open('options');
  await options.getByRole('heading', { name: 'Scene QR options' }).waitFor();
  await options.getByRole('heading', { name: 'Add an account' }).waitFor();
  await options.getByRole('heading', { name: 'Passphrase lock' }).waitFor();
  await options.getByText('Stable token (recommended)').waitFor();
});
