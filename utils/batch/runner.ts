import { changedJob, createBatchStatus } from './batch-status';
import { createBatchRuns } from './batch-runs';
import { type BatchItem, type BatchJob, type BatchProgress, type BatchView, countItems } from './job';
import { createPacer } from './pacing';
import { getBatchItems, getBatchJob, moveBatchItems, putBatchJob, runningBatchIds } from './store';
import type { QrCodeRecord } from '@/utils/codes/record';

export { BATCH_REQUESTS_PER_SECOND } from './pacing';

export interface BatchRunnerDeps {
  /** Asks WeChat for one code and returns its record (not yet saved). */
  createCode(job: BatchJob, item: BatchItem): Promise<QrCodeRecord>;
  /** Tells the pages (the job-progress channel in the extension: a storage.session write). */
  publish(progress: BatchProgress): Promise<void>;
  /** While a batch runs, an alarm wakes a stopped worker so the batch resumes; disarmed when none runs. */
  watchdog: { arm(): Promise<void>; disarm(): Promise<void> };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  requestsPerSecond?: number;
}

/**
 * Runs batches in the background: bounded concurrency (batch-runs.ts, worker.ts), a paced request rate
 * (pacing.ts), status changes told to the pages (batch-status.ts). This file is the control: view,
 * pause, resume, cancel, retry failed.
 */
export function createBatchRunner(deps: BatchRunnerDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pace = createPacer(now, sleep, deps.requestsPerSecond);
  const status = createBatchStatus(deps.publish, now);
  const runs = createBatchRuns({ createCode: deps.createCode, pace, status, watchdog: deps.watchdog, now });
  const { run } = runs;

  async function view(batchId: string): Promise<BatchView | undefined> {
    const job = await getBatchJob(batchId);
    if (!job) return undefined;
    const items = await getBatchItems(batchId);
    return { job, counts: countItems(items), failures: items.filter((item) => item.state === 'failed') };
  }

  /** Applies a status change to the batch whether or not this worker is running it. */
  async function change(batchId: string, changes: Partial<BatchJob>): Promise<BatchJob | undefined> {
    const batch = runs.active(batchId);
    if (batch) {
      await status.setStatus(batch, changes);
      return batch.job;
    }
    const job = await getBatchJob(batchId);
    if (!job) return undefined;
    const changed = changedJob(job, changes);
    await putBatchJob(changed);
    await status.publishIdle(changed, countItems(await getBatchItems(batchId)));
    return changed;
  }

  return {
    run,
    view,
    /** Every batch left running when the worker stopped (called when it starts, and by the watchdog alarm). */
    async resumeRunning(): Promise<void> {
      const ids = await runningBatchIds();
      if (ids.length === 0 && runs.running === 0) await deps.watchdog.disarm();
      await Promise.all(ids.map((id) => run(id)));
    },
    /** In-flight requests finish; nothing new starts. */
    async pause(batchId: string): Promise<void> {
      const job = runs.active(batchId)?.job ?? (await getBatchJob(batchId));
      if (job?.status === 'running') await change(batchId, { status: 'paused', stoppedBy: undefined });
    },
    async resume(batchId: string): Promise<void> {
      // Paused a moment ago, its last requests may still be out: let them land first.
      await runs.settled(batchId);
      const job = await getBatchJob(batchId);
      if (job?.status !== 'paused') return;
      // Resume is the operator's "carry on": the planned hold (today's quota) is lifted too.
      await change(batchId, { status: 'running', stoppedBy: undefined, holdLast: undefined });
      void run(batchId);
    },
    /** Pending items are cancelled; codes already created stay in history (WeChat cannot take them back). */
    async cancel(batchId: string): Promise<void> {
      const batch = runs.active(batchId);
      const job = batch?.job ?? (await getBatchJob(batchId));
      if (!job || job.status === 'done' || job.status === 'cancelled') return;
      const cancelled = changedJob(job, { status: 'cancelled', finishedAt: now(), stoppedBy: undefined });
      if (batch) {
        batch.job = cancelled;
        batch.counts.cancelled += batch.queue.length;
        batch.counts.pending -= batch.queue.length;
        batch.queue.length = 0;
      }
      await moveBatchItems(cancelled, 'pending', 'cancelled');
      if (batch) await status.publish(batch, true);
      else await change(batchId, {});
    },
    /** Sends the failed items again (a finished, paused or cancelled batch; a running one is left alone). */
    async retryFailed(batchId: string): Promise<void> {
      await runs.settled(batchId);
      const job = await getBatchJob(batchId);
      if (!job || job.status === 'running') return;
      await moveBatchItems(changedJob(job, { status: 'running', stoppedBy: undefined, finishedAt: undefined }), 'failed', 'pending');
      void run(batchId);
    },
  };
}

export type BatchRunner = ReturnType<typeof createBatchRunner>;
