import { type BatchCounts, type BatchItem, type BatchJob, type BatchProgress } from './job';
import { putBatchJob } from './store';

/** How often progress reaches the pages while codes are coming in. */
const PUBLISH_EVERY_MS = 250;

/** A batch this worker is running: its job as it stands, the items still to send, the live counts. */
export interface ActiveBatch {
  job: BatchJob;
  queue: BatchItem[];
  counts: BatchCounts;
  startedAt: number;
  doneAtStart: number;
  lastPublished: number;
}

/** `changes` applied; a change to undefined removes the field, so stored jobs never carry empty keys. */
export function changedJob(job: BatchJob, changes: Partial<BatchJob>): BatchJob {
  const changed: Record<string, unknown> = { ...job, ...changes };
  for (const key of Object.keys(changed)) if (changed[key] === undefined) delete changed[key];
  return changed as unknown as BatchJob;
}

/**
 * A batch's status changes and the progress the pages are told of them: every change is stored
 * and published at once; counts between changes at most every PUBLISH_EVERY_MS.
 */
export function createBatchStatus(publishProgress: (progress: BatchProgress) => Promise<void>, now: () => number) {
  function progressOf(batch: ActiveBatch | { job: BatchJob; counts: BatchCounts }): BatchProgress {
    const elapsed = 'startedAt' in batch ? (now() - batch.startedAt) / 1000 : 0;
    const doneThisRun = 'doneAtStart' in batch ? batch.counts.done + batch.counts.failed - batch.doneAtStart : 0;
    return {
      batchId: batch.job.id,
      status: batch.job.status,
      counts: { ...batch.counts },
      rate: elapsed > 0 ? doneThisRun / elapsed : 0,
      updatedAt: now(),
      ...(batch.job.stoppedBy && { stoppedBy: batch.job.stoppedBy }),
    };
  }

  /** A failed publish only costs the pages one update: the job goes on. */
  const tell = (progress: BatchProgress) => publishProgress(progress).catch(() => {});

  async function publish(batch: ActiveBatch, force = false): Promise<void> {
    if (!force && now() - batch.lastPublished < PUBLISH_EVERY_MS) return;
    batch.lastPublished = now();
    await tell(progressOf(batch));
  }

  return {
    publish,
    /** The progress of a batch no worker here is running (it changed while paused, say). */
    publishIdle: (job: BatchJob, counts: BatchCounts) => tell(progressOf({ job, counts })),
    async setStatus(batch: ActiveBatch, changes: Partial<BatchJob>): Promise<void> {
      batch.job = changedJob(batch.job, changes);
      await putBatchJob(batch.job);
      await publish(batch, true);
    },
  };
}

export type BatchStatusChanges = ReturnType<typeof createBatchStatus>;
