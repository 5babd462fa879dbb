import Papa from 'papaparse';
import type { ImportError, ParsedRecords } from './import-types';
import type { QrCodeRecord } from '@/utils/codes/record';

/**
 * The fields of an exported record, in this order: the CSV columns and the key order of a JSON
 * record. Exports copy exactly these fields, so a stray property on a stored record (let alone a
 * secret) never leaves the extension.
 */
export const RECORD_FIELDS = [
  'id',
  'appId',
  'actionName',
  'scene',
  'label',
  'note',
  'ticket',
  'url',
  'expireSeconds',
  'createdAt',
  'expiresAt',
  'sourceUrl',
  'renewedFromId',
  'batchId',
] as const satisfies readonly (keyof QrCodeRecord)[];

export type RecordField = (typeof RECORD_FIELDS)[number];

/** Optional in a record: an empty CSV cell means "absent", and import treats "" as absent too. */
export const OPTIONAL_TEXT_FIELDS = ['note', 'sourceUrl', 'renewedFromId', 'batchId'] as const satisfies readonly RecordField[];

// Does not compile when QrCodeRecord gains a field missing above: export and import must learn it first.
type Assert<T extends true> = T;
export type EveryRecordFieldListed = Assert<[Exclude<keyof QrCodeRecord, RecordField>] extends [never] ? true : false>;

/** The record with exactly the exported fields, in order; absent optional fields stay absent. */
export function exportedFields(record: QrCodeRecord): Partial<Record<RecordField, unknown>> {
  const copy: Partial<Record<RecordField, unknown>> = {};
  for (const field of RECORD_FIELDS) if (record[field] !== undefined) copy[field] = record[field];
  return copy;
}

/*
 * Formula injection (CSV injection, OWASP): Excel and LibreOffice run a cell that starts with
 * = + - @ as a formula, and some spreadsheets skip a leading tab or CR before looking. A cell that
 * starts with any of these gets a leading apostrophe (and is quoted).
 *
 * The scheme is lossless: a value matching /^'*[=+\-@\t\r]/ (any run of apostrophes, possibly none,
 * then a trigger) is written with ONE more apostrophe in front; every other value is written as it
 * is. Reading removes one apostrophe from a value matching /^'+[=+\-@\t\r]/. Written values of that
 * shape are exactly the escaped ones (an unescaped value never matches it: it would have matched the
 * first pattern), so reading undoes writing for every string: "=1" ⇄ "'=1", "'=1" ⇄ "''=1",
 * while "'", "'abc" and "a=1" are written unchanged.
 */
const NEEDS_ESCAPE = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return NEEDS_ESCAPE.test(value) ? `'${value}` : value;
}

export function unescapeFormula(value: string): string {
  return ESCAPED.test(value) ? value.slice(1) : value;
}

/** RFC 4180: quote a cell holding a quote, comma, CR or LF (doubling quotes); escaped cells are quoted too. */
export function csvCell(text: string): string {
  const escaped = escapeFormula(text);
  if (escaped === text && !/[",\r\n]/.test(text)) return text;
  return `"${escaped.replaceAll('"', '""')}"`;
}

function cellText(record: QrCodeRecord, field: RecordField): string {
  const value = record[field];
  if (value === undefined || value === null) return '';
  if (field === 'createdAt' || field === 'expiresAt') return new Date(value as number).toISOString();
  return String(value);
}

/** The first line of a CSV export: the BOM (without it Excel reads Chinese as ANSI) and the columns. */
export const CSV_HEAD = `\uFEFF${RECORD_FIELDS.join(',')}\r\n`;

/** One record as a CSV line, with its CRLF. */
export function csvLine(record: QrCodeRecord): string {
  return `${RECORD_FIELDS.map((field) => csvCell(cellText(record, field))).join(',')}\r\n`;
}

/**
 * History as CSV for Excel: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, formula escaping
 * as above. Columns: RECORD_FIELDS. createdAt and expiresAt are ISO 8601 UTC with milliseconds
 * (expiresAt empty for permanent codes), expireSeconds empty for permanent codes, absent optional
 * fields empty.
 */
export function recordsToCsv(records: readonly QrCodeRecord[]): string {
  return CSV_HEAD + records.map(csvLine).join('');
}

// What we write, plus the shorter forms a person might type (no milliseconds or seconds, an offset).
const ISO_TIME = /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms for an ISO 8601 time with a zone; otherwise the text, for validation to refuse. */
function timeValue(text: string): number | string {
  const ms = ISO_TIME.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? text : ms;
}

/** A cell as the record's field: validation (history-import.ts) then checks it like a JSON value. */
function fieldValue(field: string, text: string): unknown {
  switch (field) {
    case 'expireSeconds':
      return text === '' ? null : /^\d{1,16}$/.test(text) ? Number(text) : text;
    case 'createdAt':
      return timeValue(text);
    case 'expiresAt':
      return text === '' ? null : timeValue(text);
    default:
      return text;
  }
}

const REQUIRED_COLUMNS = RECORD_FIELDS.filter((field) => !(OPTIONAL_TEXT_FIELDS as readonly string[]).includes(field));

function badFormat(reason: ImportError['reason'], extra: Partial<ImportError> = {}): ParsedRecords {
  return { ok: false, error: { code: 'import_bad_format', reason, ...extra } };
}

/**
 * Reads a CSV export back into raw records (not yet validated). The header row names the columns,
 * in any order; the optional columns may be missing; unknown columns are kept so validation can
 * refuse them (a secret-looking one in particular). Papaparse tokenises (quotes, CRLF/LF, BOM);
 * the header is handled here because papaparse would silently rename a duplicated column.
 */
export function csvToRecords(text: string): ParsedRecords {
  const parsed = Papa.parse<string[]>(text.startsWith('\uFEFF') ? text.slice(1) : text, {
    delimiter: ',',
    skipEmptyLines: true,
  });
  // The header first: for a file that is not our CSV at all, "columns missing" says the most.
  const [header = [], ...rows] = parsed.data;
  const missing = REQUIRED_COLUMNS.filter((field) => !header.includes(field));
  if (missing.length > 0) return badFormat('csv_missing_columns', { params: missing });
  const duplicate = header.find((name, index) => header.indexOf(name) !== index);
  if (duplicate !== undefined) return badFormat('csv_duplicate_column', { field: duplicate });
  const syntaxError = parsed.errors[0];
  // Row 0 is the header, so a data row's index is already its 1-based record number.
  if (syntaxError) return badFormat('csv_syntax', syntaxError.row === undefined ? {} : { recordIndex: syntaxError.row });

  const records: unknown[] = [];
  for (const [index, row] of rows.entries()) {
    if (row.length !== header.length) {
      return badFormat('csv_field_count', { recordIndex: index + 1, params: [String(row.length), String(header.length)] });
    }
    const record: Record<string, unknown> = {};
    header.forEach((field, column) => {
      const cell = unescapeFormula(row[column] ?? '');
      if (cell === '' && (OPTIONAL_TEXT_FIELDS as readonly string[]).includes(field)) return;
      // defineProperty: a column named "__proto__" becomes a plain field that validation refuses.
      const value = fieldValue(field, cell);
      Object.defineProperty(record, field, { value, enumerable: true, writable: true, configurable: true });
    });
    records.push(record);
  }
  return { ok: true, records };
}
