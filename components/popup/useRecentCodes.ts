import { useEffect, useState } from 'preact/hooks';
import type { QrCodeRecord } from '@/utils/codes/record';

export const RECENT_COUNT = 5;

/**
 * The account's newest codes and its permanent-code count, read from the history database. Loaded
 * after the first paint (IndexedDB and idb are dynamic imports): the form is what the operator needs
 * first. Read again whenever the account changes; a late answer for another account is not shown.
 */
export function useRecentCodes(appId: string | undefined): {
  recent: QrCodeRecord[] | undefined;
  permanentCount: number | undefined;
  reload(appId: string): Promise<void>;
} {
  const [recent, setRecent] = useState<{ appId: string; records: QrCodeRecord[] }>();
  const [permanentCount, setPermanentCount] = useState<number>();

  async function reload(forAppId: string): Promise<void> {
    const { recentCodesOf } = await import('@/utils/storage/history-db');
    setRecent({ appId: forAppId, records: await recentCodesOf(forAppId, RECENT_COUNT) });
    // The count after the list: it reads every key of the account (seconds at 100,000 codes on a busy
    // machine), and IndexedDB would make the five-row cursor wait behind it.
    const { permanentCodeCount } = await import('@/utils/history/query');
    setPermanentCount(await permanentCodeCount(forAppId));
  }

  useEffect(() => {
    if (appId) void reload(appId);
  }, [appId]);

  return { recent: recent && recent.appId === appId ? recent.records : undefined, permanentCount, reload };
}
