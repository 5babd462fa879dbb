import type { QrCodeRecord } from '@/utils/codes/record';
import type { AppError } from '@/utils/messaging/app-error';

/** The shapes an import passes between its steps (parse, validate, merge), apart so the steps import none of each other for them. */

export type ImportErrorCode = 'import_too_large' | 'import_bad_format' | 'import_bad_record' | 'import_duplicate_ticket' | 'import_secret_field';

/** Why a file or a record was refused: a key for the words, never prose. */
export type ImportReason =
  // import_bad_format: the file as a whole
  | 'unknown_file_type' // neither .json nor .csv
  | 'not_utf8'
  | 'not_json'
  | 'not_history_file' // not an object with format "scene-qr-history"
  | 'unknown_version' // params: [the version found]
  | 'records_not_array'
  | 'csv_syntax' // unbalanced quotes (recordIndex when papaparse knows the row)
  | 'csv_duplicate_column' // field: the column
  | 'csv_missing_columns' // params: the missing column names
  | 'csv_field_count' // recordIndex; params: [cells in the row, columns in the header]
  // import_bad_record: one record (recordIndex, field)
  | 'not_object'
  | 'unknown_field'
  | 'missing'
  | 'not_string'
  | 'empty'
  | 'not_time' // not an integer epoch ms in Date's range (CSV: not an ISO 8601 time)
  | 'must_be_empty' // expireSeconds / expiresAt of a permanent code
  | 'expires_mismatch' // expiresAt ≠ createdAt + expireSeconds × 1000
  | 'scene_not_canonical' // a scene_id written with leading zeros or spaces: WeChat would send other text
  | 'duplicate_id' // params: [the earlier record's index]
  | 'id_taken' // history already has another code (another ticket) under this id
  // the limits of the contract, with the params qr-request.ts gives them
  | 'action_name_invalid'
  | 'scene_id_not_integer'
  | 'scene_id_range'
  | 'scene_str_empty'
  | 'scene_str_too_long'
  | 'expire_not_integer'
  | 'expire_range';

export interface ImportError {
  code: ImportErrorCode;
  /** 1-based position of the record in the file (a CSV's first data row is 1). */
  recordIndex?: number;
  field?: string;
  reason?: ImportReason;
  /** Substitutions for the words of the reason (limits, the earlier duplicate's index, …). */
  params?: string[];
}

export type ParsedRecords = { ok: true; records: unknown[] } | { ok: false; error: ImportError };
export type ValidatedRecords = { ok: true; records: QrCodeRecord[] } | { ok: false; error: ImportError };
/** AppError only for storage ('storage': quota) and the unexpected ('internal'). */
export type ImportResult = { ok: true; added: number; skipped: number } | { ok: false; error: ImportError | AppError };
