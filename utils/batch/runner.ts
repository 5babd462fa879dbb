import { toAppError } from '@/utils/messaging/app-error';
import { stopsEveryRow } from '@/utils/messaging/stops-every-row';
import { type BatchCounts, type BatchItem, type BatchJob, type BatchProgress, type BatchView, countItems } from './job';
import { getBatchItems, getBatchJob, markBatchItemFailed, moveBatchItems, putBatchJob, runningBatchIds, saveBatchCode } from './store';
import type { QrCodeRecord } from '@/utils/codes/record';


/** At most this many requests start per second across all batches: WeChat publishes no rate, this is a polite one. */
export const BATCH_REQUESTS_PER_SECOND = 20;
/** How often progress reaches the pages while codes are coming in. */
const PUBLISH_EVERY_MS = 250;
/**
 * A worker with no extension API call for 30 s is stopped by Chrome, and waiting on WeChat (15 s
 * timeout plus the busy backoff) is not one: publishing progress on a timer is.
 */
const HEARTBEAT_MS = 20_000;

export interface BatchRunnerDeps {
  /** Asks WeChat for one code and returns its record (not yet saved). */
  createCode(job: BatchJob, item: BatchItem): Promise<QrCodeRecord>;
  /** Tells the pages (storage.session in the extension). */
  publish(progress: BatchProgress): Promise<void>;
  /** While a batch runs, an alarm wakes a stopped worker so the batch resumes; disarmed when none runs. */
  watchdog: { arm(): Promise<void>; disarm(): Promise<void> };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  requestsPerSecond?: number;
}

interface ActiveBatch {
  job: BatchJob;
  queue: BatchItem[];
  counts: BatchCounts;
  startedAt: number;
  doneAtStart: number;
  lastPublished: number;
}

/** `changes` applied; a change to undefined removes the field, so stored jobs never carry empty keys. */
function changedJob(job: BatchJob, changes: Partial<BatchJob>): BatchJob {
  const changed: Record<string, unknown> = { ...job, ...changes };
  for (const key of Object.keys(changed)) if (changed[key] === undefined) delete changed[key];
  return changed as unknown as BatchJob;
}


/** Runs batches in the background: bounded concurrency, a paced request rate, pause/resume/cancel/retry. */
export function createBatchRunner(deps: BatchRunnerDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = 1000 / (deps.requestsPerSecond ?? BATCH_REQUESTS_PER_SECOND);
  /** Batches this worker is running, for pause/cancel to reach; `runs` are their whole-run promises. */
  const active = new Map<string, ActiveBatch>();
  const runs = new Map<string, Promise<void>>();
  let nextStart = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Reserves the next request slot, so requests start `interval` apart whatever the concurrency. */
  async function pace(): Promise<void> {
    const at = Math.max(now(), nextStart);
    nextStart = at + interval;
    if (at > now()) await sleep(at - now());
  }

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

  async function publish(batch: ActiveBatch, force = false): Promise<void> {
    if (!force && now() - batch.lastPublished < PUBLISH_EVERY_MS) return;
    batch.lastPublished = now();
    await deps.publish(progressOf(batch)).catch(() => {});
  }

  async function setStatus(batch: ActiveBatch, changes: Partial<BatchJob>): Promise<void> {
    batch.job = changedJob(batch.job, changes);
    await putBatchJob(batch.job);
    await publish(batch, true);
  }

  async function work(batch: ActiveBatch): Promise<void> {
    for (let item = batch.queue.shift(); item; item = batch.queue.shift()) {
      if (batch.job.status !== 'running') {
        batch.queue.unshift(item);
        return;
      }
      await pace();
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
          if (batch.job.status === 'running') await setStatus(batch, { status: 'paused', stoppedBy: error });
          return;
        }
        await markBatchItemFailed(item, error);
        batch.counts.pending--;
        batch.counts.failed++;
      }
      await publish(batch);
    }
  }

  function startHeartbeat(): void {
    heartbeat ??= setInterval(() => {
      for (const batch of active.values()) void publish(batch, true);
    }, HEARTBEAT_MS);
  }

  async function afterRun(batch: ActiveBatch): Promise<void> {
    active.delete(batch.job.id);
    if (batch.job.status === 'running') await setStatus(batch, { status: 'done', finishedAt: now() });
    else await publish(batch, true);
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
    await publish(batch, true);
    const workers = Array.from({ length: Math.max(1, Math.min(job.concurrency, batch.queue.length)) }, () => work(batch));
    try {
      await Promise.all(workers);
    } catch (thrown) {
      // An IndexedDB failure mid-batch: pause with the reason rather than leave a "running" batch nobody runs.
      await setStatus(batch, { status: 'paused', stoppedBy: toAppError(thrown) }).catch(() => {});
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
      await setStatus(batch, changes);
      return batch.job;
    }
    const job = await getBatchJob(batchId);
    if (!job) return undefined;
    const changed = changedJob(job, changes);
    await putBatchJob(changed);
    await deps.publish(progressOf({ job: changed, counts: countItems(await getBatchItems(batchId)) })).catch(() => {});
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
      if (batch) await publish(batch, true);
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
