import { downloadBlob } from './download-file';
import { recordsToCsv } from './history-csv';
import { recordsToJson } from './history-json';
import { codesByIds } from './history-query';
import type { QrCodeRecord } from './qr-record';

/** Records are read in slices so a long list does not hold one huge IndexedDB request. */
const READ_SLICE = 5000;

export async function recordsForIds(ids: readonly string[]): Promise<QrCodeRecord[]> {
  const records: QrCodeRecord[] = [];
  for (let i = 0; i < ids.length; i += READ_SLICE) records.push(...(await codesByIds(ids.slice(i, i + READ_SLICE))));
  return records;
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
