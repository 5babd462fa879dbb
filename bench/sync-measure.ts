/** The sync bench's measurements (see bench/sync.ts for what each one is and how it is checked). */
import './worker-as-users-run-it';
import { loadavg } from 'node:os';
import { ApacheWebDav } from '../test/stand-ins/apache-webdav';
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { historyRecords } from '../test/e2e/support/extension-state';
import { recordsToJson } from '../utils/history/json';
import { matchesSearch } from '../utils/history/index-search';
import type { QrCodeRecord } from '../utils/codes/record';
import { generateHistory } from './history-data';
import { generatorBundle, swForgetSeed, swSeedBatch } from './history-sw';
import { CannotMeasure } from './process-stats';
import { median } from './stats';
import { bareGet, barePut } from './sync-control';
import { checkSynced, codesCount, editLabel, labelsOf, openHistory, outboxSize, saveAccounts, saveSyncSettings, send, settle, statuses } from './sync-setup';
import { mb, ms, sec } from './table';

const RECORDS = 100_000;
const SEED = 20251123;
const SEED_BATCH = 10_000;
const ROUNDS = 5;
const CHANGES = 10;

const startedAt = performance.now();
export const load: { step: string; load1: number; atS: number }[] = [];
function step(name: string): void {
  const atS = (performance.now() - startedAt) / 1000;
  load.push({ step: name, load1: loadavg()[0]!, atS });
  console.log(`[sync bench ${atS.toFixed(1)} s] ${name}… (load average ${loadavg()[0]!.toFixed(1)})`);
}
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CannotMeasure(message);
}
const canonical = (r: object) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

async function timedSync(page: Parameters<typeof send>[0]): Promise<number> {
  const start = performance.now();
  const reply = await send(page, 'syncNow', {});
  const elapsed = performance.now() - start;
  check(reply.success, `syncNow failed: ${JSON.stringify(reply.error)}`);
  return elapsed;
}

export async function measure(apache: ApacheWebDav, extensionDir: string, browsers: ExtensionBrowser[]) {
  const launch = async () => {
    const browser = await ExtensionBrowser.launch({ extensionDir });
    browsers.push(browser);
    return browser;
  };
  step(`generate ${RECORDS} records; their JSON export in Node`);
  const now = Date.now();
  const { records } = generateHistory(RECORDS, now, SEED);
  const appIds = [...new Set(records.map((r) => r.appId))];
  const jsonExportBytes = Buffer.byteLength(recordsToJson(records, now));

  step('profile A: schema, sync settings, accounts');
  const a = await launch();
  const pageA = await openHistory(a, 0);
  await saveSyncSettings(pageA, apache);
  const accountsA = await saveAccounts(pageA, appIds);

  step(`seed ${RECORDS} records into A from its service worker (bare IndexedDB adds, ${SEED_BATCH} a transaction)`);
  const bundle = await generatorBundle();
  let seedWriteMs = 0;
  for (let from = 0; from < RECORDS; from += SEED_BATCH) {
    const to = Math.min(from + SEED_BATCH, RECORDS);
    const batch = await swSeedBatch(a, { total: RECORDS, now, seed: SEED, from, to }, bundle);
    check(canonical(batch.first) === canonical(records[from]!), `the worker generated other records than Node at ${from}`);
    seedWriteMs += batch.writeMs;
  }
  await swForgetSeed(a);
  check((await codesCount(a)) === RECORDS, `A holds ${await codesCount(a)} records after seeding`);
  const before = await statuses(pageA, accountsA);
  check(
    before.every((s) => s.neverSynced && s.state === 'idle'),
    `A synced before the timed first sync: ${JSON.stringify(before)}`,
  );

  step(`UP: first sync of A's ${RECORDS} codes (syncNow)`);
  const upLoad = loadavg()[0]!;
  const requestsBefore = apache.requests().length;
  const upMs = await timedSync(pageA);
  checkSynced(await statuses(pageA, accountsA), 'UP');
  const upFiles = apache.files();
  const spaceBytes = upFiles.reduce((sum, f) => sum + f.bytes.length, 0);
  const upRequests = apache.requests().slice(requestsBefore);
  console.log(`  ${sec(upMs)}; ${upFiles.length} files, ${mb(spaceBytes)} on the server; ${upRequests.length} requests logged`);

  step('profile B (fresh): sync settings, accounts');
  const b = await launch();
  const pageB = await openHistory(b, 0);
  await saveSyncSettings(pageB, apache);
  const accountsB = await saveAccounts(pageB, appIds);

  step(`DOWN: first sync of B, ${RECORDS} codes into an empty history (syncNow)`);
  const downLoad = loadavg()[0]!;
  const downMs = await timedSync(pageB);
  checkSynced(await statuses(pageB, accountsB), 'DOWN');
  const downCount = await codesCount(b);
  check(downCount === RECORDS, `B holds ${downCount} records after DOWN, expected ${RECORDS}`);
  const inB = new Map((await historyRecords(await b.currentServiceWorker())).map((r) => [r.id as string, r]));
  const differ = records.filter((r) => !inB.has(r.id) || canonical(inB.get(r.id)!) !== canonical(r));
  check(
    differ.length === 0,
    `${differ.length} records in B differ from A's, e.g. ${canonical(differ[0] ?? {})} vs ${canonical(inB.get(differ[0]?.id ?? '') ?? {})}`,
  );
  inB.clear();
  console.log(`  ${sec(downMs)}; ${downCount} records, all equal to the generated ones`);

  step(`INCREMENTAL: ${ROUNDS} rounds of ${CHANGES} label edits in A's history page, then syncNow`);
  await pageA.close();
  const history = await openHistory(a, RECORDS);
  // Codes whose scene finds only them, so the search opens the right one.
  const unique: QrCodeRecord[] = [];
  for (let i = 0; i < RECORDS && unique.length < ROUNDS * CHANGES; i += 97) {
    const needle = records[i]!.scene.toLowerCase();
    if (records.filter((o) => matchesSearch(o, needle)).length === 1) unique.push(records[i]!);
  }
  check(unique.length >= ROUNDS * CHANGES, `only ${unique.length} codes with a scene of their own`);
  const edited: QrCodeRecord[] = [];
  const rounds: { ms: number; waitingBefore: number; requests: number; load1: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await settle(history, accountsA);
    const mine = unique.slice(round * CHANGES, (round + 1) * CHANGES);
    const editStart = performance.now();
    for (const record of mine) await editLabel(history, record, `bench round ${round + 1} ${record.id.slice(0, 8)}`);
    const editMs = performance.now() - editStart;
    edited.push(...mine);
    const waitingBefore = await outboxSize(a);
    check(waitingBefore === CHANGES, `round ${round + 1}: ${waitingBefore} changes waiting before syncNow, expected ${CHANGES} (a debounced sync ran first?)`);
    const load1 = loadavg()[0]!;
    const requestsAt = apache.requests().length;
    const elapsed = await timedSync(history);
    checkSynced(await statuses(history, accountsA), `incremental round ${round + 1}`);
    check((await outboxSize(a)) === 0, `round ${round + 1}: changes still waiting after syncNow`);
    rounds.push({ ms: elapsed, waitingBefore, requests: apache.requests().length - requestsAt, load1 });
    console.log(`  round ${round + 1}: ${ms(elapsed)} (${waitingBefore} waiting before; the ${CHANGES} edits took ${ms(editMs)})`);
    // The edits also armed the 3 s change debounce: its (empty) sync ends before the next round.
    await new Promise((resolve) => setTimeout(resolve, 3500));
  }
  await settle(history, accountsA);
  const incrementalDownMs = await timedSync(pageB);
  const labels = await labelsOf(
    b,
    edited.map((r) => r.id),
  );
  const missing = edited.filter((r) => !labels[r.id]?.startsWith('bench round '));
  check(missing.length === 0, `B lacks ${missing.length} of the ${edited.length} edited labels after its sync`);
  console.log(`  B received the ${edited.length} edits in ${ms(incrementalDownMs)}`);

  step('controls from a fresh extension worker: bare PUT of the same sizes, bare GET of the same files');
  const c = await launch();
  const putControl = await barePut(
    c,
    apache,
    upFiles.map((f) => f.bytes.length),
  );
  const getControl = await bareGet(
    c,
    apache,
    upFiles.map((f) => f.path),
  );
  console.log(`  PUT ${putControl.files} files ${mb(putControl.bytes)}: ${ms(putControl.ms)}; GET: ${ms(getControl.ms)}`);

  return {
    chromium: a.context.browser()?.version() ?? 'unknown',
    records: RECORDS,
    accounts: appIds.length,
    up: { ms: upMs, load1: upLoad, files: upFiles.length, requests: upRequests.length, byMethod: countBy(upRequests.map((r) => r.method)) },
    down: { ms: downMs, load1: downLoad, count: downCount },
    incremental: { changes: CHANGES, rounds, medianMs: median(rounds.map((r) => r.ms)), downMsAfterAll: incrementalDownMs },
    space: { bytes: spaceBytes, jsonExportBytes, ratio: spaceBytes / jsonExportBytes, files: upFiles.map((f) => ({ path: f.path, bytes: f.bytes.length })) },
    control: { put: putControl, get: getControl, seedIdbWriteMs: seedWriteMs },
  };
}

export type SyncMeasurement = Awaited<ReturnType<typeof measure>>;

const countBy = (items: string[]) => items.reduce<Record<string, number>>((out, item) => ({ ...out, [item]: (out[item] ?? 0) + 1 }), {});
