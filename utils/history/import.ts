import { AppFailure, toAppError } from '@/utils/messaging/app-error';
import { OPTIONAL_TEXT_FIELDS, RECORD_FIELDS, type RecordField, csvToRecords } from './csv';
import { parseHistoryJson } from './json';
import { type ImportProgress, mergeRecords } from './merge';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { ImportError, ImportReason, ImportResult, ParsedRecords, ValidatedRecords } from './import-types';

import {
  type ActionName,
  isPermanent,
  parseActionName,
  usesSceneStr,
  validateExpireSeconds,
  validateSceneId,
  validateSceneStr,
} from '@/utils/wechat/qr-request';

/** Refused before reading: a real history export is far smaller (about 400 bytes a code). */
export const MAX_IMPORT_MB = 50;
export const MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024;

/** An export never holds a secret; an import must not smuggle one into history either. */
const SECRET_NAME = /secret|token/i;
// Record fields hold no objects, so anything deeper is refused by the type checks anyway.
const SECRET_SCAN_DEPTH = 8;

function findSecretKey(value: unknown, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > SECRET_SCAN_DEPTH) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_NAME.test(key)) return key;
    const nested = findSecretKey(inner, depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** Thrown by the field checks below; becomes import_bad_record. */
class Refusal {
  constructor(readonly detail: Pick<ImportError, 'field' | 'reason' | 'params'>) {}
}

function refuse(field: string, reason: ImportReason, params?: string[]): never {
  throw new Refusal(params ? { field, reason, params } : { field, reason });
}

/** Runs a qr-request validator; its error code becomes the reason. */
function contract<T>(field: RecordField, validate: () => T): T {
  try {
    return validate();
  } catch (thrown) {
    if (!(thrown instanceof AppFailure)) throw thrown;
    return refuse(field, thrown.error.code as ImportReason, thrown.error.params);
  }
}

type RawRecord = Record<string, unknown>;

function present(raw: RawRecord, field: RecordField): unknown {
  if (!Object.hasOwn(raw, field)) refuse(field, 'missing');
  return raw[field];
}

function text(raw: RawRecord, field: RecordField, nonEmpty = false): string {
  const value = present(raw, field);
  if (typeof value !== 'string') return refuse(field, 'not_string');
  if (nonEmpty && value === '') refuse(field, 'empty');
  return value;
}

// Date's range, whole milliseconds: what a CSV's ISO 8601 time can say exactly.
function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= 8.64e15;
}

function scene(raw: RawRecord, action: ActionName): string {
  const value = text(raw, 'scene');
  if (usesSceneStr(action)) return contract('scene', () => validateSceneStr(value));
  const id = contract('scene', () => validateSceneId(value, action));
  if (String(id) !== value) refuse('scene', 'scene_not_canonical');
  return value;
}

function lifetime(raw: RawRecord, action: ActionName, createdAt: number) {
  const expireSeconds = present(raw, 'expireSeconds');
  const expiresAt = present(raw, 'expiresAt');
  if (isPermanent(action)) {
    if (expireSeconds !== null) refuse('expireSeconds', 'must_be_empty');
    if (expiresAt !== null) refuse('expiresAt', 'must_be_empty');
    return { expireSeconds: null, expiresAt: null };
  }
  // A string "604800" in JSON is refused like "abc": our exports write numbers.
  const seconds = contract('expireSeconds', () => validateExpireSeconds(typeof expireSeconds === 'number' ? expireSeconds : undefined));
  if (expiresAt !== createdAt + seconds * 1000) refuse('expiresAt', 'expires_mismatch');
  if (!isTime(expiresAt)) refuse('expiresAt', 'not_time');
  return { expireSeconds: seconds, expiresAt };
}

function validateRecord(raw: unknown): QrCodeRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Refusal({ reason: 'not_object' });
  const record = raw as RawRecord;
  const unknown = Object.keys(record).find((key) => !(RECORD_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) refuse(unknown, 'unknown_field');
  const id = text(record, 'id', true);
  const appId = text(record, 'appId', true);
  const actionName = contract('actionName', () => parseActionName(text(record, 'actionName')));
  const createdAt = present(record, 'createdAt');
  if (!isTime(createdAt)) return refuse('createdAt', 'not_time');
  const result: QrCodeRecord = {
    id,
    appId,
    actionName,
    scene: scene(record, actionName),
    label: text(record, 'label'),
    ticket: text(record, 'ticket', true),
    url: text(record, 'url'),
    createdAt,
    ...lifetime(record, actionName, createdAt),
  };
  for (const field of OPTIONAL_TEXT_FIELDS) {
    if (!Object.hasOwn(record, field)) continue;
    // "" and absent mean the same (a CSV cannot tell them apart), so both import as absent.
    const value = text(record, field);
    if (value !== '') result[field] = value;
  }
  return result;
}

/**
 * Checks a whole file's records before anything is written: every field's type, the contract's
 * limits (qr-request.ts), expiresAt = createdAt + expireSeconds × 1000, no secret-like field
 * anywhere (checked first, over all records), no ticket or id twice. The first problem in file
 * order is reported.
 */
export function validateImportRecords(items: readonly unknown[]): ValidatedRecords {
  for (const [index, item] of items.entries()) {
    const key = findSecretKey(item);
    if (key !== undefined) return { ok: false, error: { code: 'import_secret_field', recordIndex: index + 1, field: key } };
  }
  const records: QrCodeRecord[] = [];
  const ticketAt = new Map<string, number>();
  const idAt = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const recordIndex = index + 1;
    try {
      records.push(validateRecord(item));
    } catch (thrown) {
      if (!(thrown instanceof Refusal)) throw thrown;
      return { ok: false, error: { code: 'import_bad_record', recordIndex, ...thrown.detail } };
    }
    const { ticket, id } = records[index]!;
    const earlierTicket = ticketAt.get(ticket);
    if (earlierTicket !== undefined) {
      const error: ImportError = { code: 'import_duplicate_ticket', recordIndex, field: 'ticket', params: [String(earlierTicket)] };
      return { ok: false, error };
    }
    const earlierId = idAt.get(id);
    if (earlierId !== undefined) {
      const error: ImportError = { code: 'import_bad_record', recordIndex, field: 'id', reason: 'duplicate_id', params: [String(earlierId)] };
      return { ok: false, error };
    }
    ticketAt.set(ticket, recordIndex);
    idAt.set(id, recordIndex);
  }
  return { ok: true, records };
}

/** Decodes strictly: a CSV that Excel saved as GBK must be refused, not imported as mojibake. */
function decodeUtf8(bytes: ArrayBuffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function parserFor(name: string): ((text: string) => ParsedRecords) | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return parseHistoryJson;
  if (lower.endsWith('.csv')) return csvToRecords;
  return undefined;
}

/**
 * Imports a JSON or CSV export (by the file name's extension). Files over MAX_IMPORT_BYTES are
 * refused before reading; the whole file is parsed and validated before the one write.
 */
export async function importFile(file: Blob, name: string, onProgress?: ImportProgress): Promise<ImportResult> {
  if (file.size > MAX_IMPORT_BYTES) return { ok: false, error: { code: 'import_too_large', params: [String(MAX_IMPORT_MB)] } };
  const parse = parserFor(name);
  if (!parse) return { ok: false, error: { code: 'import_bad_format', reason: 'unknown_file_type' } };
  try {
    const text = decodeUtf8(await file.arrayBuffer());
    if (text === undefined) return { ok: false, error: { code: 'import_bad_format', reason: 'not_utf8' } };
    const parsed = parse(text);
    if (!parsed.ok) return parsed;
    const validated = validateImportRecords(parsed.records);
    if (!validated.ok) return validated;
    return await mergeRecords(validated.records, onProgress);
  } catch (thrown) {
    return { ok: false, error: toAppError(thrown) };
  }
}
