import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { EXTENSION_DIR } from './extension-browser';
import { TEST_APP_ID, TEST_APP_SECRET } from './wechat-stand-in';

// The extension's API inside the service worker, where localStorageText's function runs.
declare const chrome: { storage: { local: { get(keys: null): Promise<unknown> } } };

/** Page objects: what an operator does on each screen, by the controls' stable names. */
export async function saveCredentials(options: Page, appId = TEST_APP_ID, appSecret = TEST_APP_SECRET): Promise<void> {
  await options.locator('input[name=appId]').fill(appId);
  await options.locator('input[name=appSecret]').fill(appSecret);
  await options.locator('form.credentials button[type=submit]').click();
  await options.locator('[data-testid=secret-stored]').waitFor();
}

export interface CodeInput {
  actionName: 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';
  scene: string;
  expireSeconds?: string;
  label?: string;
}

/** Fills the popup form and submits it with Enter, as a keyboard user would. */
export async function fillAndSubmit(popup: Page, input: CodeInput): Promise<void> {
  await popup.locator('select[name=actionName]').selectOption(input.actionName);
  const sceneField = input.actionName.includes('STR') ? 'sceneStr' : 'sceneId';
  if (input.expireSeconds !== undefined) await popup.locator('input[name=expireSeconds]').fill(input.expireSeconds);
  await popup.locator('input[name=label]').fill(input.label ?? '');
  await popup.locator(`input[name=${sceneField}]`).fill(input.scene);
  await popup.locator(`input[name=${sceneField}]`).press('Enter');
}

/** Creates a code and waits for the result card; returns the scene shown there. */
export async function createCode(popup: Page, input: CodeInput): Promise<void> {
  await fillAndSubmit(popup, input);
  await popup.locator('[data-testid=result] .scene').filter({ hasText: input.scene }).waitFor();
}

export async function alertText(page: Page): Promise<string> {
  const alert = page.locator('[role=alert]').first();
  await alert.waitFor();
  return alert.innerText();
}

/** Every history record, read straight from the extension's IndexedDB inside the service worker. */
export async function historyRecords(serviceWorker: Worker): Promise<Record<string, unknown>[]> {
  return serviceWorker.evaluate(
    () =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        // Never create the database here: an empty one would stop the extension's own upgrade.
        let absent = false;
        open.onupgradeneeded = () => {
          absent = true;
          open.transaction?.abort();
        };
        open.onerror = () => (absent ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('codes')) return resolve([]);
          const all = db.transaction('codes').objectStore('codes').getAll();
          all.onsuccess = () => {
            resolve(all.result as Record<string, unknown>[]);
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/**
 * The popup's static header as the built popup.html has it before any script runs: its markup, whether
 * the stylesheet is asked for before the scripts (else nothing paints until they are loaded too), and
 * the title Chrome's __MSG_ substitution in the stylesheet gives it, read in a live popup.
 */
export async function popupShell(popup: Page): Promise<{ markup: string; stylesheetFirst: boolean; title: string }> {
  const html = readFileSync(join(EXTENSION_DIR, 'popup.html'), 'utf8');
  const markup = /<div id="app">(.*?)<\/div>/.exec(html)?.[1] ?? '';
  const stylesheetFirst = html.indexOf('<link rel="stylesheet"') >= 0 && html.indexOf('<link rel="stylesheet"') < html.indexOf('<script');
  const title = await popup.evaluate(() => {
    const probe = document.createElement('h1');
    probe.className = 'popup-shell-title';
    document.body.append(probe);
    const content = getComputedStyle(probe, '::before').content;
    probe.remove();
    return content;
  });
  return { markup, stylesheetFirst, title };
}

/** Turns the passphrase lock on in the options page, and waits until it says so. */
export async function turnOnLock(options: Page, passphrase: string): Promise<void> {
  await options.locator('input[name=passphrase]').fill(passphrase);
  await options.locator('input[name=confirmPassphrase]').fill(passphrase);
  await options.getByRole('button', { name: '开启口令锁' }).click();
  await options.getByTestId('lock-state').getByText('已开启，已解锁').waitFor();
}

/** Enters the passphrase in the options page's lock section and presses 解锁 (it may be refused). */
export async function submitUnlock(options: Page, passphrase: string): Promise<void> {
  await options.locator('input[name=currentPassphrase]').fill(passphrase);
  await options.getByRole('button', { name: '解锁' }).click();
}


/** Everything in the extension's local storage, as text: to check what is (not) stored in the clear. */
export async function localStorageText(serviceWorker: Worker): Promise<string> {
  return JSON.stringify(await serviceWorker.evaluate(() => chrome.storage.local.get(null)));
}
