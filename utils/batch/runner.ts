import { toAppError } from '@/utils/messaging/app-error';
import { type ActiveBatch, changedJob, createBatchStatus } from './batch-status';
import { type BatchItem, type BatchJob, type BatchProgress, type BatchView, countItems } from './job';
import { createPacer } from './pacing';
import { getBatchItems, getBatchJob, moveBatchItems, putBatchJob, runningBatchIds } from './store';
import { runBatchWorker } from './worker';
import type { QrCodeRecord } from '@/utils/codes/record';

export { BATCH_REQUESTS_PER_SECOND } from './pacing';

/**
 * A worker with no extension API call for 30 s is stopped by Chrome, and waiting on WeChat (15 s
 * timeout plus the busy backoff) is not one: publishing progress on a timer is.
 */
const HEARTBEAT_MS = 20_000;

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

/** Runs batches in the background: bounded concurrency, a paced request rate, pause/resume/cancel/retry. */
export function createBatchRunner(deps: BatchRunnerDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pace = createPacer(now, sleep, deps.requestsPerSecond);
  const status = createBatchStatus(deps.publish, now);
  /** Batches this worker is running, for pause/cancel to reach; `runs` are their whole-run promises. */
  const active = new Map<string, ActiveBatch>();
  const runs = new Map<string, Promise<void>>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  function startHeartbeat(): void {
    heartbeat ??= setInterval(() => {
      for (const batch of active.values()) void status.publish(batch, true);
    }, HEARTBEAT_MS);
  }

  async function afterRun(batch: ActiveBatch): Promise<void> {
    active.delete(batch.job.id);
    if (batch.job.status === 'running') await status.setStatus(batch, { status: 'done', finishedAt: now() });
    else await status.publish(batch, true);
    if (active.size === 0) {
      clearInterval(heartbeat);
      heartbeat = undefined;
      await deps.watchdog.disarm();
    }
  }

  /** Runs a batch whose status is 'running' until it is done, paused or cancelled. Idempotent: a second call joins the first. */
  function run(batchId: string): Promise<void> {
    let running = runs.get(batchId);
    if (!running) {
      running = runOnce(batchId).finally(() => runs.delete(batchId));
      runs.set(batchId, running);
    }
    return running;
  }

  async function runOnce(batchId: string): Promise<void> {
    const job = await getBatchJob(batchId);
    if (job?.status !== 'running') return;
    const items = await getBatchItems(batchId);
    const counts = countItems(items);
    const batch: ActiveBatch = {
      job,
      queue: items.filter((item) => item.state === 'pending'),
      counts,
      startedAt: now(),
      doneAtStart: counts.done + counts.failed,
      lastPublished: 0,
    };
    active.set(batchId, batch);
    startHeartbeat();
    await deps.watchdog.arm();
    await status.publish(batch, true);
    const workerDeps = { createCode: deps.createCode, pace, status };
    const workers = Array.from({ length: Math.max(1, Math.min(job.concurrency, batch.queue.length)) }, () => runBatchWorker(batch, workerDeps));
    try {
      await Promise.all(workers);
    } catch (thrown) {
      // An IndexedDB failure mid-batch: pause with the reason rather than leave a "running" batch nobody runs.
      await status.setStatus(batch, { status: 'paused', stoppedBy: toAppError(thrown) }).catch(() => {});
    }
    await afterRun(batch);
  }

  async function view(batchId: string): Promise<BatchView | undefined> {
    const job = await getBatchJob(batchId);
    if (!job) return undefined;
    const items = await getBatchItems(batchId);
    return { job, counts: countItems(items), failures: items.filter((item) => item.state === 'failed') };
  }

  /** Applies a status change to the batch whether or not this worker is running it. */
  async function change(batchId: string, changes: Partial<BatchJob>): Promise<BatchJob | undefined> {
    const batch = active.get(batchId);
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
      if (ids.length === 0 && active.size === 0) await deps.watchdog.disarm();
      await Promise.all(ids.map((id) => run(id)));
    },
    /** In-flight requests finish; nothing new starts. */
    async pause(batchId: string): Promise<void> {
      const job = active.get(batchId)?.job ?? (await getBatchJob(batchId));
      if (job?.status === 'running') await change(batchId, { status: 'paused', stoppedBy: undefined });
    },
    async resume(batchId: string): Promise<void> {
      // Paused a moment ago, its last requests may still be out: let them land first.
      await runs.get(batchId);
      const job = await getBatchJob(batchId);
      if (job?.status !== 'paused') return;
      await change(batchId, { status: 'running', stoppedBy: undefined });
      void run(batchId);
    },
    /** Pending items are cancelled; codes already created stay in history (WeChat cannot take them back). */
    async cancel(batchId: string): Promise<void> {
      const batch = active.get(batchId);
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
      await runs.get(batchId);
      const job = await getBatchJob(batchId);
      if (!job || job.status === 'running') return;
      await moveBatchItems(changedJob(job, { status: 'running', stoppedBy: undefined, finishedAt: undefined }), 'failed', 'pending');
      void run(batchId);
    },
  };
}

export type BatchRunner = ReturnType<typeof createBatchRunner>;
