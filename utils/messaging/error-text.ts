import type { AppError } from './app-error';
import { type MessageKey, t } from '@/utils/i18n/t';

/** The operator-facing words for an error: what happened and what to do, plus details for support. */
export interface ErrorText {
  message: string;
  details: string;
}

export function describeError(error: AppError): ErrorText {
  const message = t(`error_${error.code}` as MessageKey, error.params);
  const details = [
    error.errcode === undefined ? '' : t('errorDetails', [String(error.errcode)]),
    error.errmsg ?? '',
    error.rid ? t('errorRid', [error.rid]) : '',
  ].filter(Boolean);
  return { message, details: details.join(' · ') };
}
