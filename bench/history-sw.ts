/**
 * The history bench's access to the extension's IndexedDB, from its service worker (same origin as
 * the history page, so the same database). Never creates the database: the extension's own upgrade
 * must have made schema v2 first (an empty database made here would skip it).
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Worker } from 'playwright-core';
import { HISTORY_DB_NAME, HISTORY_DB_VERSION } from '../utils/storage/history-db';
import type { QrCodeRecord } from '../utils/codes/record';

const ROOT = resolve(import.meta.dirname, '..');

export const DB_NAME = HISTORY_DB_NAME;
/** As SCAN_BATCH in utils/history/query.ts (not exported there). */
export const SCAN_BATCH = 5000;

type Op = { kind: 'add'; records: QrCodeRecord[] } | { kind: 'clear' } | { kind: 'count' };

/**
 * One operation in one transaction: add (readwrite; any duplicate aborts it all), clear (readwrite)
 * or count. Resolves with the store's count after the operation.
 */
function runInWorker(worker: Worker, op: Op, name: string, version: number): Promise<number> {
  return worker.evaluate(
    async ({ op, name, version }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(new Error(`cannot open IndexedDB "${name}" (${open.error?.name}): has the history page created it?`));
        open.onsuccess = () => resolve(open.result);
      });
      try {
        if (db.version !== version || !db.objectStoreNames.contains('codes')) {
          throw new Error(`IndexedDB "${name}" is version ${db.version} without the expected schema v${version}`);
        }
        const tx = db.transaction('codes', op.kind === 'count' ? 'readonly' : 'readwrite');
        const store = tx.objectStore('codes');
        if (op.kind === 'add') for (const record of op.records) store.add(record);
        if (op.kind === 'clear') store.clear();
        const count = store.count();
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onabort = () => reject(new Error(`${op.kind} transaction aborted: ${tx.error?.name} ${tx.error?.message}`));
        });
        return count.result;
      } finally {
        db.close();
      }
    },
    { op, name, version },
  );
}

export interface WorkerSource {
  currentServiceWorker(): Promise<Worker>;
  restartServiceWorker(): Promise<Worker>;
}

/** Runs `run` on the live service worker; if Chrome stopped it meanwhile, wakes it and tries once more. */
async function inWorker<T>(browser: WorkerSource, run: (worker: Worker) => Promise<T>): Promise<T> {
  try {
    return await run(await browser.currentServiceWorker());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Our own failures (no database, schema, abort) are real; anything else may be a stopped worker.
    if (/cannot open IndexedDB|without the expected schema|transaction aborted/.test(message)) throw error;
    return run(await browser.restartServiceWorker());
  }
}

export function swStore(browser: WorkerSource, op: Op): Promise<number> {
  return inWorker(browser, (worker) => runInWorker(worker, op, DB_NAME, HISTORY_DB_VERSION));
}

/** bench/history-data.ts bundled for the worker: defines globalThis.__sceneQrBenchGenerate. */
export async function generatorBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { generateHistory } from './bench/history-data';\nglobalThis.__sceneQrBenchGenerate = generateHistory;\n`,
      resolveDir: ROOT,
      sourcefile: 'history-bench-generator.ts',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

export interface SeedBatch {
  /** Records in the store after this batch's transaction completed. */
  count: number;
  /** Generating the whole history in the worker (only in the call that did it), and this batch's transaction. */
  generateMs: number;
  writeMs: number;
  /** The batch's first and last record, to compare with the ones Node generated. */
  first: QrCodeRecord;
  last: QrCodeRecord;
}

/**
 * Writes records [from, to) of generateHistory(total, now, seed) in one readwrite transaction. The
 * worker generates the history itself (kept on globalThis between batches, made again if Chrome
 * restarted the worker), so only the batch bounds cross the DevTools protocol.
 */
export async function swSeedBatch(
  browser: WorkerSource,
  args: { total: number; now: number; seed: number; from: number; to: number },
  bundle: string,
): Promise<SeedBatch> {
  const script = `(async () => {
  const args = ${JSON.stringify({ ...args, name: DB_NAME, version: HISTORY_DB_VERSION })};
  let generateMs = 0;
  const cached = globalThis.__sceneQrBenchRecords;
  let records = cached && cached.key === JSON.stringify([args.total, args.now, args.seed]) ? cached.records : undefined;
  if (!records) {
    ${bundle}
    const start = performance.now();
    records = globalThis.__sceneQrBenchGenerate(args.total, args.now, args.seed).records;
    generateMs = performance.now() - start;
    globalThis.__sceneQrBenchRecords = { key: JSON.stringify([args.total, args.now, args.seed]), records };
  }
  const batch = records.slice(args.from, args.to);
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(args.name);
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => reject(new Error('cannot open IndexedDB "' + args.name + '" (' + open.error?.name + '): has the history page created it?'));
    open.onsuccess = () => resolve(open.result);
  });
  try {
    if (db.version !== args.version || !db.objectStoreNames.contains('codes')) {
      throw new Error('IndexedDB "' + args.name + '" is version ' + db.version + ' without the expected schema v' + args.version);
    }
    const start = performance.now();
    const tx = db.transaction('codes', 'readwrite');
    const store = tx.objectStore('codes');
    for (const record of batch) store.add(record);
    const count = store.count();
    await new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(new Error('seed transaction aborted: ' + tx.error?.name + ' ' + tx.error?.message));
    });
    return { count: count.result, generateMs, writeMs: performance.now() - start, first: batch[0], last: batch[batch.length - 1] };
  } finally {
    db.close();
  }
})()`;
  return inWorker(browser, (worker) => worker.evaluate(script) as Promise<SeedBatch>);
}

/** Drops the worker's copy of the generated history. */
export async function swForgetSeed(browser: WorkerSource): Promise<void> {
  await inWorker(browser, (worker) => worker.evaluate('void delete globalThis.__sceneQrBenchRecords'));
}
