import { accountKey, freshAccountRow, metaKey } from './local-rows';
import { hlcAt } from './hlc';
import { historyDb } from '@/utils/storage/history-db';
import { newCodeState } from './code-state';
import { pendingRow } from './capture';

/**
 * Codes made before sync existed (or before version 7) have no clocks yet: the account's first sync
 * queues each of them once, stamped with its creation time (so any change made since beats it).
 * One transaction, with the account row's `seeded` flag.
 */
export async function seedAccount(appId: string, device: string): Promise<number> {
  const tx = (await historyDb()).transaction(['codes', 'syncMeta', 'syncState'], 'readwrite');
  const [records, known] = await Promise.all([
    tx.objectStore('codes').index('byAppId').getAll(appId),
    tx.objectStore('syncMeta').index('byAppId').getAllKeys(appId),
  ]);
  const have = new Set(known);
  const meta = tx.objectStore('syncMeta');
  let queued = 0;
  for (const record of records) {
    if (have.has(metaKey(record.id))) continue;
    // Outbox key 0: found by the full read of the outbox that every first sync makes (push.ts).
    void meta.put(pendingRow(newCodeState(record, hlcAt(record.createdAt, device)), 0));
    queued++;
  }
  const state = tx.objectStore('syncState');
  const row = await state.get(accountKey(appId));
  void state.put({ ...(row && row.key !== 'device' ? row : freshAccountRow(appId)), seeded: true });
  await tx.done;
  return queued;
}
