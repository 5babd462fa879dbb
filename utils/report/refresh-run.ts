import { type AppError, toAppError } from '@/utils/messaging/app-error';
import { stopsEveryRow } from '@/utils/messaging/stops-every-row';
import { toProgress } from './refresh-progress';
import type { RefresherDeps } from './refresh-types';
import { createRefreshWindow } from './refresh-window';
import { snapshotOf } from './snapshot-of';
import { type RefreshStatus, type StoredRefresh, completeRefresh, loadRefresh, saveRefresh } from '@/utils/storage/report-db';

const QUOTA_ERRCODE = 45009;
/** How often progress reaches the pages while followers are being read; status changes go at once. */
const PUBLISH_EVERY_MS = 250;

/** A refresh this worker runs; `stop` is set by pause and cancel. */
export interface RefreshJob {
  stop?: 'pause' | 'cancel';
  finished: Promise<void>;
}

/**
 * Where a failed call leaves the refresh: 45009 'quota' (resume after the reset); an error that would
 * fail every call the same way (stops-every-row.ts: WeChat or the relay down, the lock closed, a
 * permission missing…) 'paused' with the reason, to resume once fixed; any other 'failed'.
 */
export function statusAfter(error: AppError): RefreshStatus {
  if (error.errcode === QUOTA_ERRCODE) return 'quota';
  return stopsEveryRow(error) ? 'paused' : 'failed';
}

async function finish(refresh: StoredRefresh, now: () => number): Promise<void> {
  await completeRefresh(snapshotOf(refresh.appId, refresh.cursor, { finishedAt: now(), activeMs: refresh.activeMs, calls: refresh.calls }));
}

/** Runs the account's refresh step by step until it completes, stops on an error, or `job.stop` is set. */
export async function runRefresh(appId: string, job: RefreshJob, deps: RefresherDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  let lastPublished = -Infinity;
  const publish = async (refresh: StoredRefresh | null): Promise<void> => {
    if (refresh?.status === 'running' && now() - lastPublished < PUBLISH_EVERY_MS) return;
    lastPublished = now();
    await deps.publish?.(appId, refresh && toProgress(refresh)).catch(() => {});
  };
  let refresh = await loadRefresh(appId);
  // The previous step's save runs while the next step's calls are out; saves stay in order.
  let saving: Promise<void> = Promise.resolve();
  // The refreshed account's own calls, whichever account becomes current meanwhile.
  const window = createRefreshWindow(deps.clientFor(appId));
  let stopping: RefreshJob['stop'];
  try {
    while (refresh && refresh.status === 'running') {
      if (refresh.cursor.phase === 'done') {
        await saving;
        await finish(refresh, now);
        return await publish(null);
      }
      stopping = job.stop ?? stopping;
      // A cancel drops the calls still out; a pause first counts what they answer.
      if (stopping === 'cancel') return;
      if (stopping === 'pause' && window.outstanding === 0) {
        await saving;
        const paused: StoredRefresh = { ...refresh, status: 'paused' };
        await saveRefresh(paused, false);
        return await publish(paused);
      }
      const started = now();
      const result = await window.step(refresh, stopping === undefined);
      refresh = { ...result.refresh, activeMs: refresh.activeMs + (now() - started) };
      if (result.failure !== undefined) {
        const error = toAppError(result.failure);
        refresh = { ...refresh, status: statusAfter(error), error };
      }
      // A cancel while the calls were out: the records are gone and must stay gone.
      if (job.stop === 'cancel') return;
      await saving;
      const saved = refresh;
      saving = saveRefresh(saved, result.pageChanged).then(() => publish(saved));
    }
  } finally {
    await saving;
  }
}
