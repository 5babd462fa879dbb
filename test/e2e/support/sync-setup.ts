import type { Page } from 'playwright-core';
import { ApacheWebDav } from '../../stand-ins/apache-webdav';
import { SyncSettingsSection } from '../page-objects/sync-settings';
import type { ExtensionBrowser } from './extension-browser';
import { type Suite, startSuite } from './fixtures';
import type { SyncStatus } from '../../../utils/sync/sync-status';

/** What the background replies to a page's message. */
export type Reply<T = unknown> = { success: boolean; payload?: T; error?: { code: string; params?: string[] } };

/** Sends one message from an extension page, as the pages do. */
export const send = <T = unknown>(page: Page, message: unknown): Promise<Reply<T>> =>
  page.evaluate(
    (m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<Reply<T>> } } }).chrome.runtime.sendMessage(m),
    message,
  );

/**
 * The sync suites' world: a private Apache mod_dav (the WebDAV server) and the WeChat stand-in with
 * a browser holding the test account, on the copy of the build that may reach 127.0.0.1 (Save and
 * Test ask Chrome for the server's origin, which headless Chromium cannot allow).
 */
export async function startSyncSuite(): Promise<{ suite: Suite; apache: ApacheWebDav; stop(): Promise<void> }> {
  const apache = await ApacheWebDav.start();
  const suite = await startSuite({ localServerAccess: true });
  return {
    suite,
    apache,
    async stop() {
      await suite.stop();
      await apache.dispose();
    },
  };
}

export interface SyncSetUp {
  apache: ApacheWebDav;
  root: string;
  passphrase?: string;
  /** Another URL for the same server (a proxy in front of it). */
  url?: string;
}

/** Fills and saves the options page's sync settings; returns that page, left open to send messages from. */
export async function setUpSync(browser: ExtensionBrowser, { apache, root, passphrase, url = apache.url }: SyncSetUp): Promise<Page> {
  const section = await SyncSettingsSection.open(browser);
  await section.fill({ url, user: apache.user, password: apache.password, root, ...(passphrase && { passphrase }) });
  await section.save();
  await section.page.locator('[data-testid=webdavPassword-stored]').waitFor();
  return section.page;
}

/** Presses "Sync now" through the background and returns the account's status after the run. */
export const syncNow = (page: Page): Promise<Reply<SyncStatus>> => send<SyncStatus>(page, { type: 'syncNow', input: {} });

/** The current account's sync status. */
export async function syncStatus(page: Page): Promise<SyncStatus> {
  const reply = await send<SyncStatus>(page, { type: 'syncStatus', input: {} });
  if (!reply.success || !reply.payload) throw new Error(`syncStatus failed: ${JSON.stringify(reply)}`);
  return reply.payload;
}

/** A profile's history as its IndexedDB holds it, read by an extension page: scene → label. */
export function historyLabels(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('codes').objectStore('codes').getAll();
          all.onsuccess = () => {
            resolve(Object.fromEntries((all.result as { scene: string; label: string }[]).map((record) => [record.scene, record.label])));
            open.result.close();
          };
        };
      }),
  );
}

/** How many codes a profile's history holds. */
export function historyCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('codes').objectStore('codes').count();
          count.onsuccess = () => {
            resolve(count.result);
            open.result.close();
          };
        };
      }),
  );
}
