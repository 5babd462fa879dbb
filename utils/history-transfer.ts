import { downloadBlob } from './download-file';
import { CSV_HEAD, csvLine } from './history-csv';
import { jsonLine, jsonParts } from './history-json';
import { codesByIds, scanRecords } from './history-query';
import type { QrCodeRecord } from './qr-record';

/** Below this many, reading each record by id is quicker than scanning the store. */
const SCAN_FROM = 2000;

/**
 * `map` of the records of these ids, in the same order; ids deleted meanwhile are skipped. Many
 * are read by scanning the store in batches (measured: 100,000 by id took ~9 s, by batched getAll
 * ~2 s), each record mapped as it arrives, so only what `map` makes is kept.
 */
async function mapRecords<T>(ids: readonly string[], map: (record: QrCodeRecord) => T): Promise<T[]> {
  if (ids.length < SCAN_FROM) return (await codesByIds(ids)).map(map);
  const position = new Map(ids.map((id, index) => [id, index]));
  const ordered: (T | undefined)[] = new Array(ids.length);
  await scanRecords((record) => {
    const index = position.get(record.id);
    if (index !== undefined) ordered[index] = map(record);
  });
  return ordered.filter((value): value is T => value !== undefined);
}

/** The records of these ids, in the same order. */
export function recordsForIds(ids: readonly string[]): Promise<QrCodeRecord[]> {
  return mapRecords(ids, (record) => record);
}

function stamp(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/**
 * Downloads the given records as CSV or JSON (neither ever holds a secret or a token). Each
 * record's line is written as the scan reads it, and the Blob takes the lines as its parts: no
 * 100,000 records kept, no 40 MB string joined.
 */
export async function exportRecords(ids: readonly string[], format: 'csv' | 'json', now: number = Date.now()): Promise<void> {
  const parts = format === 'csv' ? [CSV_HEAD, ...(await mapRecords(ids, csvLine))] : jsonParts(await mapRecords(ids, jsonLine), now);
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
  downloadBlob(new Blob(parts, { type }), `scene-qr-history-${stamp(now)}.${format}`);
}
