import Papa from 'papaparse';

/**
 * The input side of batch creation: rows of { scene, label } from a numbered pattern, pasted
 * lines or a CSV file. Nothing here validates a scene against an action (utils/batch/preview.ts
 * does, with qr-request's validators); this only turns what the operator gave into rows, or
 * refuses the input as a whole with a code (never prose: the page picks the words).
 */

export const MAX_BATCH_ROWS = 10_000;
/** A CSV of 10,000 rows of 64-byte scenes and long labels is well under 2 MB; anything far bigger is not a batch. */
export const MAX_BATCH_FILE_BYTES = 5 * 1024 * 1024;
/** Zero-padding wider than this is a typo (a 64-byte scene_str cannot hold much more anyway). */
export const MAX_PATTERN_PAD = 20;

export interface BatchRow {
  /** Trimmed; may be empty (the preview says so, with the row number). */
  scene: string;
  /** Trimmed; '' when none was given. */
  label: string;
  /**
   * 1-based position in the source, for messages: the line of pasted text, the record of a CSV
   * file (header counted, the way a spreadsheet numbers its rows), the n-th code of a pattern.
   */
  row: number;
}

export type BatchInputErrorCode =
  | 'batch_empty' // nothing but blank lines / an empty file / a header alone
  | 'batch_too_many_rows' // params: [rows found, MAX_BATCH_ROWS]
  | 'batch_pattern_not_integer' // field: 'from' | 'to' | 'pad'; from/to must be whole numbers ≥ 0
  | 'batch_pattern_reversed' // params: [from, to]
  | 'batch_pattern_pad' // params: [pad, MAX_PATTERN_PAD]
  | 'batch_file_too_large' // params: [size in bytes, MAX_BATCH_FILE_BYTES]
  | 'batch_file_xlsx' // an Excel workbook (zip), not a CSV: "save as CSV"
  | 'batch_file_not_text' // neither UTF-8, UTF-16 with BOM nor GB18030
  | 'batch_csv_syntax'; // unbalanced quotes; params: [record number] when papaparse knows it

export interface BatchInputError {
  code: BatchInputErrorCode;
  params?: string[];
  field?: string;
}

/**
 * How a file's bytes were read. 'gb18030' means the file was not UTF-8 and was decoded as
 * GBK/GB18030 (what Excel on Chinese Windows writes for "CSV"): the page should say so, since a
 * file in another legacy encoding would read as wrong characters rather than fail.
 */
export type BatchEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type BatchRowsResult = { ok: true; rows: BatchRow[] } | { ok: false; error: BatchInputError };
export type BatchFileResult =
  { ok: true; rows: BatchRow[]; encoding: BatchEncoding; /** The first record named the columns. */ header: boolean } | { ok: false; error: BatchInputError };

function refuse(code: BatchInputErrorCode, extra: Omit<BatchInputError, 'code'> = {}): { ok: false; error: BatchInputError } {
  return { ok: false, error: { code, ...extra } };
}

function tooMany(count: number): { ok: false; error: BatchInputError } {
  return refuse('batch_too_many_rows', { params: [String(count), String(MAX_BATCH_ROWS)] });
}

export interface PatternInput {
  prefix: string;
  from: number;
  to: number;
  /** Zero-padding width of the number: 3 gives 001; 0 gives plain numbers. */
  pad: number;
  suffix?: string;
}

/**
 * prefix + zero-padded number + suffix for every number from..to (inclusive), e.g. store-001 …
 * store-200; with an empty prefix and pad 0 the scenes are plain numbers for scene_id ranges.
 * Labels are left empty: the scene already says which code it is.
 */
export function patternRows({ prefix, from, to, pad, suffix = '' }: PatternInput): BatchRowsResult {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
    ['pad', pad],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) return refuse('batch_pattern_not_integer', { field });
  }
  if (pad > MAX_PATTERN_PAD) return refuse('batch_pattern_pad', { field: 'pad', params: [String(pad), String(MAX_PATTERN_PAD)] });
  if (from > to) return refuse('batch_pattern_reversed', { params: [String(from), String(to)] });
  const count = to - from + 1;
  if (count > MAX_BATCH_ROWS) return tooMany(count);
  const rows: BatchRow[] = [];
  for (let n = from; n <= to; n++) {
    rows.push({ scene: `${prefix}${String(n).padStart(pad, '0')}${suffix}`, label: '', row: rows.length + 1 });
  }
  return { ok: true, rows };
}

/** A comma, a tab or a full-width comma (Chinese input methods type "，"). */
const SEPARATOR = /[,\t，]/;

/**
 * One row per non-blank line: `scene` or `scene<sep>label`. The line is split at its FIRST
 * separator only, so a label may hold further commas ("Shop 1, Beijing") but a scene cannot hold
 * one (such scenes need a CSV file with quotes). Scene and label are trimmed; blank lines are
 * skipped but still counted in `row`, so row numbers match the lines the operator sees.
 */
export function parsePastedLines(text: string): BatchRowsResult {
  const rows: BatchRow[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let count = 0;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    count++;
    if (count > MAX_BATCH_ROWS) continue; // keep counting, for the message
    const match = SEPARATOR.exec(line);
    const scene = match ? line.slice(0, match.index) : line;
    const label = match ? line.slice(match.index + 1) : '';
    rows.push({ scene: scene.trim(), label: label.trim(), row: index + 1 });
  }
  if (count > MAX_BATCH_ROWS) return tooMany(count);
  if (rows.length === 0) return refuse('batch_empty');
  return { ok: true, rows };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: the BOM stays in the text and is stripped once, below, whatever the encoding.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** UTF-16 only with its BOM (Excel's "Unicode text"); else UTF-8; else GB18030 (a superset of GBK). */
export function decodeBatchFile(bytes: Uint8Array): { text: string; encoding: BatchEncoding } | undefined {
  const attempts: BatchEncoding[] = startsWith(bytes, [0xff, 0xfe]) ? ['utf-16le'] : startsWith(bytes, [0xfe, 0xff]) ? ['utf-16be'] : ['utf-8', 'gb18030'];
  for (const encoding of attempts) {
    const text = tryDecode(encoding, bytes);
    // NUL does not occur in a text file; in a "decoded" binary one it does.
    if (text !== undefined && !text.includes('\0')) return { text: text.replace(/^\uFEFF/, ''), encoding };
  }
  return undefined;
}

/**
 * Tab when the first non-blank line has one (Excel's "Unicode text" and pasted spreadsheet
 * cells), else comma. Never ';' or '|': guessing those would split scenes that contain them.
 * (Papaparse's own guess gives up on a two-line file with a trailing newline.)
 */
export function csvDelimiter(text: string): ',' | '\t' {
  const firstLine = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  return firstLine.includes('\t') ? '\t' : ',';
}

const SCENE_COLUMNS = ['scene', 'scene_str', 'scene_id', '场景值', '场景'];
const LABEL_COLUMNS = ['label', '备注', '标签', '名称'];

/**
 * Rows from a CSV (or tab-separated) file. With a header (a first record with a column named
 * scene / scene_str / scene_id / 场景值 / 场景), the scene and the optional label column
 * (label / 备注 / 标签 / 名称) are taken by name and other columns ignored, so a Scene QR history
 * export works as input; without one, column 1 is the scene and column 2 the label, further
 * columns ignored. Cells are trimmed; blank records are skipped (but counted in `row`).
 */
export function parseCsvFile(bytes: Uint8Array): BatchFileResult {
  if (bytes.length > MAX_BATCH_FILE_BYTES) {
    return refuse('batch_file_too_large', { params: [String(bytes.length), String(MAX_BATCH_FILE_BYTES)] });
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return refuse('batch_file_xlsx');
  const decoded = decodeBatchFile(bytes);
  if (!decoded) return refuse('batch_file_not_text');

  // Blank records are dropped below rather than by papaparse, so row numbers still count them.
  const parsed = Papa.parse<string[]>(decoded.text, { delimiter: csvDelimiter(decoded.text), skipEmptyLines: false });
  const syntaxError = parsed.errors.find((error) => error.type === 'Quotes');
  if (syntaxError) {
    return refuse('batch_csv_syntax', syntaxError.row === undefined ? {} : { params: [String(syntaxError.row + 1)] });
  }
  const records = parsed.data
    .map((cells, index) => ({ cells: cells.map((cell) => cell.trim()), row: index + 1 }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));
  const names = (records[0]?.cells ?? []).map((cell) => cell.toLowerCase());
  const sceneColumn = names.findIndex((name) => SCENE_COLUMNS.includes(name));
  const header = sceneColumn !== -1;
  const labelColumn = header ? names.findIndex((name) => LABEL_COLUMNS.includes(name)) : 1;
  const data = header ? records.slice(1) : records;

  if (data.length > MAX_BATCH_ROWS) return tooMany(data.length);
  if (data.length === 0) return refuse('batch_empty');
  const rows = data.map(({ cells, row }) => ({
    scene: cells[header ? sceneColumn : 0] ?? '',
    label: labelColumn === -1 ? '' : (cells[labelColumn] ?? ''),
    row,
  }));
  return { ok: true, rows, encoding: decoded.encoding, header };
}
