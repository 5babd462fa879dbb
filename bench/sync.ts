/**
 * Sync bench (issue #14): WebDAV sync of 100,000 codes through a real Apache mod_dav on 127.0.0.1,
 * in Debian's Chromium (headless), the pre-granted build copy the e2e tests use (host permission for
 * 127.0.0.1; test/e2e/support/build-copy.ts). Plain folder (no sync passphrase).
 *
 * - UP: profile A, sync settings saved before any account (so saving syncs nothing), then the three
 *   accounts bench/history-data.ts spreads codes over, then 100,000 codes seeded into its IndexedDB
 *   from the worker (no sync clocks: the first sync queues them, utils/sync/merge/seed.ts). Timed in
 *   Node around the `syncNow` message sent from an extension page; its reply comes when every
 *   account's sync is done. Checked: every account idle, synced, nothing waiting.
 * - DOWN: a fresh profile B, same settings and accounts, `syncNow` timed the same way; then its
 *   `codes` store must hold the 100,000 records, each equal to the generated one.
 * - INCREMENTAL: in A's history page, 10 labels edited as an operator does (search, open, 保存修改:
 *   CodeDetail → updateCode, which captures the change); 10 changes waiting checked; `syncNow` timed.
 *   5 rounds, other codes each time; median. B then syncs and must show the 50 new labels.
 * - SPACE: bytes under the WebDAV base on disk after UP vs the JSON export (utils/history/json.ts
 *   recordsToJson) of the same records, computed in Node.
 * - Controls (bench/sync-control.ts): the UP's files' sizes PUT by a bare fetch loop, and its files
 *   read by a bare GET loop, from a fresh extension worker; and A's seeding itself: the same 100,000
 *   records written by bare IndexedDB adds (10,000 a transaction), the floor of DOWN's writes.
 * 1-min load average at every step (os.loadavg): the machine is shared.
 *
 * Run with `npm run bench -- sync` (or `npm run build && node --import tsx bench/run.ts sync`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { ApacheWebDav } from '../test/stand-ins/apache-webdav';
import { buildWithLocalServerAccess } from '../test/e2e/support/build-copy';
import { EXTENSION_DIR, type ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { CannotMeasure } from './process-stats';
import { type SyncMeasurement, load, measure } from './sync-measure';
import { TARGET, syncRows } from './sync-table';
import { markdownTable } from './table';

const ROOT = resolve(import.meta.dirname, '..');
export const SYNC_RESULTS_FILE = join(ROOT, 'bench/results/sync.json');
const DEADLINE_MS = Number(process.env.SYNC_BENCH_DEADLINE_MS ?? 25 * 60_000);

export async function runSyncBench(command: string): Promise<void> {
  if (!existsSync(join(EXTENSION_DIR, 'codes.html'))) throw new CannotMeasure(`no build at ${EXTENSION_DIR}: run \`npm run build\` first`);
  const apache = await ApacheWebDav.start();
  const copy = buildWithLocalServerAccess('scene-qr-sync-bench-');
  const browsers: ExtensionBrowser[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CannotMeasure(`sync bench: gave up after ${DEADLINE_MS / 60_000} min (SYNC_BENCH_DEADLINE_MS)`)), DEADLINE_MS);
  });
  let result: SyncMeasurement;
  try {
    result = await Promise.race([measure(apache, copy.dir, browsers), deadline]);
  } finally {
    clearTimeout(timer);
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await apache.dispose();
    copy.remove();
  }
  const loads = load.map((l) => l.load1);
  const notes = [
    `Chromium ${result.chromium}, headless; Apache 2.4 mod_dav_fs on 127.0.0.1 (plain http, Basic auth), plain folder; ${cpus().length} cores; ` +
      `1-min load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the run (UP started at ${result.up.load1.toFixed(1)}, DOWN at ${result.down.load1.toFixed(1)}).`,
    `${result.records.toLocaleString('en')} codes over ${result.accounts} accounts (one folder each). UP wrote ${result.up.files} files in ${result.up.requests} requests (${JSON.stringify(result.up.byMethod)}).`,
  ];
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    SYNC_RESULTS_FILE,
    `${JSON.stringify({ command, date: new Date().toISOString(), cores: cpus().length, targets: TARGET, loadAverageAtSteps: load, ...result }, null, 2)}\n`,
  );
  console.log(`\n${notes.join('\n')}\n\n${markdownTable(syncRows(result))}\n\nProduced by: \`${command}\`\nJSON: ${SYNC_RESULTS_FILE}`);
}
