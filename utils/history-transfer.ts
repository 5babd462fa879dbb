import { downloadBlob } from './download-file';
import { recordsToCsv } from './history-csv';
import { recordsToJson } from './history-json';
import { codesByIds, scanRecords } from './history-query';
import type { QrCodeRecord } from './qr-record';

/** Below this many, reading each record by id is quicker than scanning the store. */
const SCAN_FROM = 2000;

/**
 * The records of these ids, in the same order. Many are read by scanning the store in batches
 * (measured: 100,000 by id took ~9 s, by batched getAll ~2 s).
 */
export async function recordsForIds(ids: readonly string[]): Promise<QrCodeRecord[]> {
  if (ids.length < SCAN_FROM) return codesByIds(ids);
  const position = new Map(ids.map((id, index) => [id, index]));
  const ordered: (QrCodeRecord | undefined)[] = new Array(ids.length);
  await scanRecords((record) => {
    const index = position.get(record.id);
    if (index !== undefined) ordered[index] = record;
  });
  return ordered.filter((record): record is QrCodeRecord => record !== undefined);
}

function stamp(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/** Downloads the given records as CSV or JSON (neither ever holds a secret or a token). */
export async function exportRecords(ids: readonly string[], format: 'csv' | 'json', now: number = Date.now()): Promise<void> {
  const records = await recordsForIds(ids);
  const text = format === 'csv' ? recordsToCsv(records) : recordsToJson(records, now);
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
  downloadBlob(new Blob([text], { type }), `scene-qr-history-${stamp(now)}.${format}`);
}
