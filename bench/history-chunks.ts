/**
 * Evidence for issue #3's open decision, not a benchmark of the extension: what a history stored in
 * chunks (one IndexedDB record holding many codes) would cost a 100,000-code import, against one
 * record per code as now. Puts the generated records into a fresh database in one transaction as
 * chunks of 1,000, 100 and 1 codes (no index), then reads them all back. In an extension page of
 * the built extension, in Debian's Chromium. Run: `npm run build && node --import tsx bench/history-chunks.ts`.
 */
import { loadavg } from 'node:os';
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { generateHistory } from './history-data';

const CHUNK_SIZES = [1000, 100, 1];

function chunkExperimentScript(size: number): string {
  return `(async () => {
  const all = window.seeded;
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const name = 'history-chunks-experiment';
  await done(indexedDB.deleteDatabase(name));
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore('chunks', { keyPath: 'n' });
  const db = await done(opening);
  const start = performance.now();
  const tx = db.transaction('chunks', 'readwrite');
  for (let i = 0, n = 0; i < all.length; i += ${size}, n++) tx.objectStore('chunks').put({ n, records: all.slice(i, i + ${size}) });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  const writeMs = performance.now() - start;
  const readStart = performance.now();
  const chunks = await done(db.transaction('chunks').objectStore('chunks').getAll());
  const readMs = performance.now() - readStart;
  db.close();
  await done(indexedDB.deleteDatabase(name));
  return { size: ${size}, writeMs, readMs, read: chunks.reduce((sum, chunk) => sum + chunk.records.length, 0) };
})()`;
}
const { records } = generateHistory(100_000, Date.now());
const browser = await ExtensionBrowser.launch();
try {
  const page = await browser.open('options');
  await page.evaluate((all) => void ((window as unknown as { seeded: unknown[] }).seeded = all), records);
  console.log(`${records.length} records, load average ${loadavg()[0]!.toFixed(1)}`);
  for (const chunkSize of CHUNK_SIZES) {
    // A string, not a function: tsx's esbuild would wrap the inner helpers in a __name() the page lacks.
    const result = (await page.evaluate(chunkExperimentScript(chunkSize))) as { size: number; writeMs: number; readMs: number; read: number };
    if (result.read !== records.length) throw new Error(`read back ${result.read} records, expected ${records.length}`);
    console.log(`chunks of ${result.size}: write ${(result.writeMs / 1000).toFixed(2)} s, read all back ${(result.readMs / 1000).toFixed(2)} s`);
  }
  console.log(`load average ${loadavg()[0]!.toFixed(1)}`);
} finally {
  await browser.close();
}
