import type { AppError } from '@/utils/messaging/app-error';
import { describeError } from '@/utils/messaging/error-text';
import type { ImportError, ImportReason } from './import-types';
import { type MessageKey, t } from '@/utils/i18n/t';

/** The contract's own limits reuse the words the create form shows. */
const CONTRACT_REASONS = new Set<ImportReason>([
  'action_name_invalid',
  'scene_id_not_integer',
  'scene_id_range',
  'scene_str_empty',
  'scene_str_too_long',
  'expire_not_integer',
  'expire_range',
]);

function reasonText(error: ImportError): string {
  if (!error.reason) return '';
  const key = CONTRACT_REASONS.has(error.reason) ? `error_${error.reason}` : `importReason_${error.reason}`;
  const params = error.reason === 'csv_field_count' ? [String(error.recordIndex ?? '?'), ...(error.params ?? [])] : error.params;
  return t(key as MessageKey, params);
}

function isImportError(error: ImportError | AppError): error is ImportError {
  return error.code.startsWith('import_');
}

/** One sentence saying which record (if any) and why a file was refused, and that nothing was written. */
export function describeImportError(error: ImportError | AppError): string {
  if (!isImportError(error)) return describeError(error).message;
  const index = String(error.recordIndex ?? '?');
  switch (error.code) {
    case 'import_too_large':
      return t('import_too_large', error.params);
    case 'import_bad_format':
      return t('import_bad_format', [reasonText(error)]);
    case 'import_bad_record':
      return t('import_bad_record', [index, error.field ?? '?', reasonText(error)]);
    case 'import_duplicate_ticket':
      return t('import_duplicate_ticket', [index, error.params?.[0] ?? '?']);
    case 'import_secret_field':
      return t('import_secret_field', [index, error.field ?? '?']);
  }
}
