import { exportedFields } from './csv';
import type { ParsedRecords } from './import-types';
import type { QrCodeRecord } from '@/utils/codes/record';

export const HISTORY_FORMAT = 'scene-qr-history';
export const HISTORY_FORMAT_VERSION = 1;

/** A JSON export. The records hold exactly the fields of RECORD_FIELDS (history-csv.ts). */
export interface HistoryFile {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_FORMAT_VERSION;
  /** ISO 8601 UTC. */
  exportedAt: string;
  records: QrCodeRecord[];
}

/** One record as it is written in a JSON export (exactly the exported fields, in order). */
export function jsonLine(record: QrCodeRecord): string {
  return JSON.stringify(exportedFields(record));
}

/**
 * A JSON export in pieces, around records already written by jsonLine: for a Blob, which takes
 * the pieces as they are (no 40 MB string joined first).
 */
export function jsonParts(lines: readonly string[], now: number): string[] {
  const exportedAt = new Date(now).toISOString();
  const head = JSON.stringify({ format: HISTORY_FORMAT, version: HISTORY_FORMAT_VERSION, exportedAt }).slice(0, -1);
  if (lines.length === 0) return [`${head},"records":[]}\n`];
  return [`${head},"records":[\n`, ...lines.map((line, index) => (index === 0 ? line : `,\n${line}`)), '\n]}\n'];
}

/**
 * History as JSON, one record per line: readable and diffable without the ~30 % that indenting
 * every field would add (an export must stay under the 50 MB import limit for as long as possible).
 */
export function recordsToJson(records: readonly QrCodeRecord[], now: number): string {
  return jsonParts(records.map(jsonLine), now).join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records of a JSON export, not yet validated; refuses anything that is not one (version 1). */
export function parseHistoryJson(text: string): ParsedRecords {
  let file: unknown;
  try {
    file = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return { ok: false, error: { code: 'import_bad_format', reason: 'not_json' } };
  }
  if (!isObject(file) || file.format !== HISTORY_FORMAT) {
    return { ok: false, error: { code: 'import_bad_format', reason: 'not_history_file' } };
  }
  if (file.version !== HISTORY_FORMAT_VERSION) {
    const found = String(JSON.stringify(file.version) ?? 'undefined').slice(0, 40);
    return { ok: false, error: { code: 'import_bad_format', reason: 'unknown_version', params: [found] } };
  }
  if (!Array.isArray(file.records)) return { ok: false, error: { code: 'import_bad_format', reason: 'records_not_array' } };
  return { ok: true, records: file.records };
}
