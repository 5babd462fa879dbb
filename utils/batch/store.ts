import type { AppError } from '@/utils/messaging/app-error';
import type { BatchItem, BatchItemState, BatchJob } from './job';
import { announceHistoryChange } from '@/utils/history/changes';
import { CODE_WRITE_STORES, addCodeOnce, historyDb } from '@/utils/storage/history-db';
import { captureCreated, deviceIn } from '@/utils/sync/merge/capture';
import type { QrCodeRecord } from '@/utils/codes/record';

/** IndexedDB access for batches. Items are keyed [batchId, index], so one key range is one batch, in order. */

function itemsOf(batchId: string): IDBKeyRange {
  return IDBKeyRange.bound([batchId, -Infinity], [batchId, Infinity]);
}

/** The job and all its items, in one transaction: a batch exists whole or not at all. */
export async function createBatch(job: BatchJob, items: readonly BatchItem[]): Promise<void> {
  const tx = (await historyDb()).transaction(['batches', 'batchItems'], 'readwrite');
  const itemStore = tx.objectStore('batchItems');
  // Not awaited one by one: IndexedDB queues the requests, tx.done reports the first failure.
  void tx.objectStore('batches').add(job);
  for (const item of items) void itemStore.add(item);
  await tx.done;
}

export async function getBatchJob(id: string): Promise<BatchJob | undefined> {
  return (await historyDb()).get('batches', id);
}

export async function putBatchJob(job: BatchJob): Promise<void> {
  await (await historyDb()).put('batches', job);
}

export async function getBatchItems(batchId: string): Promise<BatchItem[]> {
  return (await historyDb()).getAll('batchItems', itemsOf(batchId));
}

/** The most recently created batch, for a page opened without an id. */
export async function latestBatchJob(): Promise<BatchJob | undefined> {
  const jobs = await (await historyDb()).getAll('batches');
  return jobs.reduce<BatchJob | undefined>((latest, job) => (!latest || job.createdAt > latest.createdAt ? job : latest), undefined);
}

export async function runningBatchIds(): Promise<string[]> {
  return (await historyDb()).getAllKeysFromIndex('batches', 'byStatus', 'running');
}

/**
 * The code WeChat created and the item that asked for it, in one transaction: after a restart an
 * item is either still pending (sent again) or done with its code in history, never in between.
 * A ticket history already has (WeChat's answer to a repeated permanent scene) is not added twice.
 */
export async function saveBatchCode(item: BatchItem, record: QrCodeRecord): Promise<QrCodeRecord> {
  const tx = (await historyDb()).transaction([...CODE_WRITE_STORES, 'batchItems'], 'readwrite');
  const device = await deviceIn(tx.objectStore('syncState'));
  const { saved, added } = await addCodeOnce(tx.objectStore('codes'), record);
  if (added) await captureCreated(tx.objectStore('syncMeta'), device, record);
  const { error: _retried, ...rest } = item;
  void tx.objectStore('batchItems').put({ ...rest, state: 'done', codeId: saved.id });
  await tx.done;
  // An open history page shows the batch's codes as they come in.
  if (added) announceHistoryChange({ kind: 'put', records: [record] });
  return saved;
}

export async function markBatchItemFailed(item: BatchItem, error: AppError): Promise<void> {
  await (await historyDb()).put('batchItems', { ...item, state: 'failed', error });
}

/** Moves every item of the batch in state `from` to `to` (cancel: pending → cancelled; retry: failed → pending), with the job. */
export async function moveBatchItems(job: BatchJob, from: BatchItemState, to: BatchItemState): Promise<void> {
  const tx = (await historyDb()).transaction(['batches', 'batchItems'], 'readwrite');
  void tx.objectStore('batches').put(job);
  let cursor = await tx.objectStore('batchItems').openCursor(itemsOf(job.id));
  while (cursor) {
    if (cursor.value.state === from) {
      const { error: _dropped, ...item } = cursor.value;
      void cursor.update({ ...item, state: to });
    }
    cursor = await cursor.continue();
  }
  await tx.done;
}
