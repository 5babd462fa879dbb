import { toAppError } from '@/utils/messaging/app-error';
import type { ActiveBatch } from './batch-status';
import { countItems } from './job';
import { getBatchItems, getBatchJob } from './store';
import { type BatchWorkerDeps, runBatchWorker } from './worker';

/**
 * A worker with no extension API call for 30 s is stopped by Chrome, and waiting on WeChat (15 s
 * timeout plus the busy backoff) is not one: publishing progress on a timer is.
 */
const HEARTBEAT_MS = 20_000;

export interface BatchRunsDeps extends BatchWorkerDeps {
  watchdog: { arm(): Promise<void>; disarm(): Promise<void> };
  now: () => number;
}

/**
 * The batches this worker runs: each run loads the batch, starts `concurrency` workers on its
 * pending items and settles its status when they stop; the heartbeat and the watchdog alarm live
 * exactly as long as some batch runs.
 */
export function createBatchRuns(deps: BatchRunsDeps) {
  const { status, now } = deps;
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
    const held = batch.job.holdLast ? batch.queue.length : 0;
    if (batch.job.status === 'running' && held > 0) {
      // The part that did not fit today's quota: paused as planned, with the reason beside Resume.
      await status.setStatus(batch, { status: 'paused', stoppedBy: { code: 'batch_quota_planned', params: [String(held)] } });
    } else if (batch.job.status === 'running') await status.setStatus(batch, { status: 'done', finishedAt: now() });
    else await status.publish(batch, true);
    if (active.size === 0) {
      clearInterval(heartbeat);
      heartbeat = undefined;
      await deps.watchdog.disarm();
    }
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
    const workers = Array.from({ length: Math.max(1, Math.min(job.concurrency, batch.queue.length)) }, () => runBatchWorker(batch, deps));
    try {
      await Promise.all(workers);
    } catch (thrown) {
      // An IndexedDB failure mid-batch: pause with the reason rather than leave a "running" batch nobody runs.
      await status.setStatus(batch, { status: 'paused', stoppedBy: toAppError(thrown) }).catch(() => {});
    }
    await afterRun(batch);
  }

  return {
    /** The batch as this worker runs it, if it does. */
    active: (batchId: string): ActiveBatch | undefined => active.get(batchId),
    get running(): number {
      return active.size;
    },
    /** Runs a batch whose status is 'running' until it is done, paused or cancelled. Idempotent: a second call joins the first. */
    run(batchId: string): Promise<void> {
      let running = runs.get(batchId);
      if (!running) {
        running = runOnce(batchId).finally(() => runs.delete(batchId));
        runs.set(batchId, running);
      }
      return running;
    },
    /** Resolves when this worker's run of the batch (if any) has stopped: its last requests have landed. */
    settled: (batchId: string): Promise<void> => runs.get(batchId) ?? Promise.resolve(),
  };
}
