import type { QrCodeRecord } from '@/utils/codes/record';
import { toAppError } from '@/utils/messaging/app-error';
import { stopsEveryRow } from '@/utils/messaging/stops-every-row';
import type { ActiveBatch, BatchStatusChanges } from './batch-status';
import type { BatchItem, BatchJob } from './job';
import { markBatchItemFailed, saveBatchCode } from './store';

export interface BatchWorkerDeps {
  createCode(job: BatchJob, item: BatchItem): Promise<QrCodeRecord>;
  pace(): Promise<void>;
  status: BatchStatusChanges;
}

/**
 * One of a batch's workers: takes items off the queue until it is empty or the batch stops running.
 * An error that would fail every row (stops-every-row.ts) puts the item back and pauses the batch with
 * the reason; any other error fails that item alone.
 */
export async function runBatchWorker(batch: ActiveBatch, deps: BatchWorkerDeps): Promise<void> {
  // The planned part of the batch (holdLast: what today's quota did not cover) is never taken.
  for (let item = takeItem(batch); item; item = takeItem(batch)) {
    await deps.pace();
    // Checked after the wait for a request slot: the batch may have paused or been cancelled meanwhile,
    // and a request sent then would make a code after the page said it stopped.
    if (batch.job.status !== 'running') {
      batch.queue.unshift(item);
      return;
    }
    try {
      const record = await deps.createCode(batch.job, item);
      // Saved with the item in one transaction, before anything else can stop us.
      await saveBatchCode(item, record);
      batch.counts.pending--;
      batch.counts.done++;
    } catch (thrown) {
      const error = toAppError(thrown);
      if (stopsEveryRow(error)) {
        batch.queue.unshift(item);
        if (batch.job.status === 'running') await deps.status.setStatus(batch, { status: 'paused', stoppedBy: error });
        return;
      }
      await markBatchItemFailed(item, error);
      batch.counts.pending--;
      batch.counts.failed++;
    }
    await deps.status.publish(batch);
  }
}

function takeItem(batch: ActiveBatch): ActiveBatch['queue'][number] | undefined {
  return batch.queue.length > (batch.job.holdLast ?? 0) ? batch.queue.shift() : undefined;
}
