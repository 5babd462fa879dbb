import { t } from './i18n';

/** "7 天 0 小时" for a lifetime in seconds, shown beside the seconds field. */
export function formatLifetime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  return t('durationDaysHours', [String(days), String(hours)]);
}

/** Local date and time, to the minute, in the browser's language. */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
