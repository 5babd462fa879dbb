import { historyDb } from '@/utils/storage/history-db';
import type { QrCodeRecord } from '@/utils/codes/record';

/** The account's codes in local history, for joining the report's scenes (one index read). */
export async function codesOfAccount(appId: string): Promise<QrCodeRecord[]> {
  return (await historyDb()).getAllFromIndex('codes', 'byAppId', appId);
}
