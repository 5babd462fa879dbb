/**
 * The sync bench's hands on a profile: messages from an extension page (as the options page sends
 * them), the accounts, the sync settings, the history's size, and label edits made in the history
 * page itself (CodeDetail → updateCode, the path that captures a change for sync).
 */
import type { Page } from 'playwright-core';
import type { ApacheWebDav } from '../test/stand-ins/apache-webdav';
import { TEST_APP_SECRET } from '../test/stand-ins/wechat-stand-in';
import type { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import type { QrCodeRecord } from '../utils/codes/record';
import type { SyncStatus } from '../utils/sync/sync-status';
import { swStore } from './history-sw';
import { type Reply, send as sendFromPage } from '../test/e2e/support/sync-setup';

/** A message to the background from an extension page, by type and input (the e2e tests' `send`). */
export function send<T = unknown>(page: Page, type: string, input: unknown = {}): Promise<Reply<T>> {
  return sendFromPage<T>(page, { type, input });
}

export async function sendOk<T = unknown>(page: Page, type: string, input: unknown = {}): Promise<T> {
  const reply = await send<T>(page, type, input);
  if (!reply.success) throw new Error(`${type} failed: ${JSON.stringify(reply.error)}`);
  return reply.payload as T;
}

export const SYNC_ROOT = 'bench-sync';

/**
 * The sync settings, saved while the profile has no account yet: saving starts a sync of every
 * account, and with none it does nothing, so the first sync of the seeded history is the one
 * `syncNow` starts (and times) later, not one racing the seeding.
 */
export async function saveSyncSettings(page: Page, apache: ApacheWebDav): Promise<void> {
  const settings = await sendOk<{ accounts?: unknown[] }>(page, 'getSettings', undefined);
  if ((settings.accounts?.length ?? 0) > 0) throw new Error('sync settings must be saved before any account exists (see saveSyncSettings)');
  await sendOk(page, 'saveSyncSettings', { url: apache.url, user: apache.user, password: apache.password, root: SYNC_ROOT });
  // The sync that saving started (no account: nothing to do) ends before an account can be added.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** One account per AppID, as the options page saves them; returns their ids by AppID. */
export async function saveAccounts(page: Page, appIds: readonly string[]): Promise<Map<string, string>> {
  let accounts: { id: string; appId: string }[] = [];
  for (const appId of appIds) {
    const settings = await sendOk<{ accounts: { id: string; appId: string }[] }>(page, 'saveAccount', {
      appId,
      appSecret: TEST_APP_SECRET,
      tokenSource: 'stable',
    });
    accounts = settings.accounts;
  }
  return new Map(accounts.map((a) => [a.appId, a.id]));
}

export async function statuses(page: Page, accounts: Map<string, string>): Promise<SyncStatus[]> {
  const out: SyncStatus[] = [];
  for (const accountId of accounts.values()) out.push(await sendOk<SyncStatus>(page, 'syncStatus', { accountId }));
  return out;
}

/** Waits until no account's sync is under way (a debounced sync after an edit, say), then a little more. */
export async function settle(page: Page, accounts: Map<string, string>, timeoutMs = 120_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const all = await statuses(page, accounts);
    if (all.every((s) => s.state !== 'syncing' && s.state !== 'waiting')) return;
    if (performance.now() > end) throw new Error(`a sync still runs after ${timeoutMs / 1000} s: ${JSON.stringify(all)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every account synced without error, nothing left waiting. */
export function checkSynced(all: readonly SyncStatus[], what: string): void {
  for (const s of all) {
    if (s.state !== 'idle' || s.error || s.neverSynced || s.waiting !== 0) throw new Error(`${what}: account ${s.appId} ended ${JSON.stringify(s)}`);
  }
}

export const codesCount = (browser: ExtensionBrowser) => swStore(browser, { kind: 'count' });

/** The history page creates the schema (HISTORY_DB_VERSION) before the bench writes into it. */
export async function openHistory(browser: ExtensionBrowser, count: number): Promise<Page> {
  const page = await browser.open('codes');
  page.setDefaultTimeout(60_000);
  await waitForCount(page, count);
  // The in-memory index built (search answers from it): what an operator who searches waits for.
  await page.locator('.history-body[aria-busy=false]').waitFor();
  return page;
}

function waitForCount(page: Page, n: number): Promise<void> {
  return page
    .locator('[data-testid=history-count]')
    .filter({ hasText: new RegExp(`^共 ${n} 个$`) })
    .waitFor();
}

/**
 * Edits one code's label in the history page as an operator does: search its scene (one match),
 * open it, type the label, 保存修改, wait for the list to show it.
 */
export async function editLabel(page: Page, record: QrCodeRecord, label: string): Promise<void> {
  await page.locator('input[name=search]').fill(record.scene);
  await waitForCount(page, 1);
  await page.locator('.code-row .row-main', { hasText: record.scene }).first().click();
  // The detail opens after the record is read: typing earlier would type into the previous code's.
  await page
    .locator('[data-testid=code-detail] dd.scene')
    .filter({ hasText: new RegExp(`^${record.scene.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .waitFor();
  await page.locator('input[name=editLabel]').fill(label);
  await page.getByRole('button', { name: '保存修改' }).click();
  try {
    await page.locator('.code-row .row-label', { hasText: label }).waitFor({ timeout: 20_000 });
  } catch (error) {
    const rows = await page.locator('.code-row').allInnerTexts();
    const detail = await page
      .locator('[data-testid=code-detail] h2')
      .innerText({ timeout: 1000 })
      .catch(() => 'no detail open');
    const count = await page.locator('[data-testid=history-count]').innerText();
    throw new Error(
      `editing ${record.id} (scene ${record.scene}): the list never showed "${label}"; count "${count}", detail "${detail}", rows ${JSON.stringify(rows)}`,
      { cause: error },
    );
  }
}

/** Labels by id of the given codes in a profile, read from its IndexedDB in the service worker. */
export async function labelsOf(browser: ExtensionBrowser, ids: readonly string[]): Promise<Record<string, string | undefined>> {
  const worker = await browser.currentServiceWorker();
  return worker.evaluate(
    (ids) =>
      new Promise<Record<string, string | undefined>>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('codes').objectStore('codes');
          const out: Record<string, string | undefined> = {};
          let left = ids.length;
          for (const id of ids) {
            const get = store.get(id);
            get.onsuccess = () => {
              out[id] = (get.result as { label?: string } | undefined)?.label;
              if (--left === 0) {
                open.result.close();
                resolve(out);
              }
            };
          }
        };
      }),
    ids,
  );
}

/**
 * Changes waiting for the server in a profile: entries of the outbox index (syncMeta byPending) the
 * engine itself counts (utils/sync/engine-adapter.ts waitingChanges), read in the service worker.
 * Not `syncStatus`: its `waiting` is the one stored at the end of the last sync.
 */
export async function outboxSize(browser: ExtensionBrowser): Promise<number> {
  const worker = await browser.currentServiceWorker();
  return worker.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('syncMeta').objectStore('syncMeta').index('byPending').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}
