import { type AccountSyncRow, accountKey, freshAccountRow } from './local-rows';
import { historyDb, syncDeviceId } from '@/utils/storage/history-db';

/** This browser's sync bookkeeping for one account (what it wrote and read); fresh before its first sync. */
export async function accountRow(appId: string): Promise<AccountSyncRow> {
  const row = await (await historyDb()).get('syncState', accountKey(appId));
  return row && row.key !== 'device' ? row : freshAccountRow(appId);
}

/** Changes the account's row in its own small transaction (status, errors). */
export async function updateAccountRow(appId: string, change: (row: AccountSyncRow) => AccountSyncRow): Promise<AccountSyncRow> {
  const tx = (await historyDb()).transaction('syncState', 'readwrite');
  const stored = await tx.store.get(accountKey(appId));
  const row = change(stored && stored.key !== 'device' ? stored : freshAccountRow(appId));
  await tx.store.put(row);
  await tx.done;
  return row;
}

export { syncDeviceId };
