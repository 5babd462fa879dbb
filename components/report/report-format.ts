import { t } from '@/utils/i18n/t';

/** "3 分 05 秒" / "42 秒": durations of a refresh and the time left. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return t('reportSeconds', [String(seconds)]);
  return t('reportMinutes', [String(Math.floor(seconds / 60)), String(seconds % 60).padStart(2, '0')]);
}
