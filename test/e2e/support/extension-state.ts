import type { Worker } from 'playwright-core';

/** What the extension holds, read inside its service worker (not through any page). */

// The extension's API inside the service worker, where localStorageText's function runs.
declare const chrome: { storage: { local: { get(keys: null): Promise<unknown> } } };

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

/** Adds a record to the extension's history straight in the service worker's IndexedDB (already created). */
export function addHistoryRecord(worker: Worker, record: Record<string, unknown>): Promise<void> {
  return worker.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('codes', 'readwrite');
          tx.objectStore('codes').add(value);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    record,
  );
}

/** Everything in the extension's local storage, as text: to check what is (not) stored in the clear. */
export async function localStorageText(serviceWorker: Worker): Promise<string> {
  return JSON.stringify(await serviceWorker.evaluate(() => chrome.storage.local.get(null)));
}
