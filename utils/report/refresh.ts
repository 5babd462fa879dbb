import { applyListPage, newReportCursor } from './follower-report';
import { toProgress } from './refresh-progress';
import { type RefreshJob, runRefresh } from './refresh-run';
import type { RefreshProgress, RefresherDeps } from './refresh-types';
import {
  type RefreshStatus,
  type StoredRefresh,
  deleteRefresh,
  loadRefresh,
  loadRefreshProgress,
  refreshStatuses,
  saveRefresh,
} from '@/utils/storage/report-db';

export type { FollowerClient, RefreshProgress, RefresherDeps } from './refresh-types';
export { callsLeft, toProgress } from './refresh-progress';
export { DETAIL_CALLS_IN_FLIGHT } from './refresh-window';

/**
 * The channel report's refresh as a background job (issue #8): list pages of 10,000 openids, then
 * their details 100 at a time, two batchget calls in flight at most (refresh-window.ts), step by step
 * (refresh-run.ts). The state is saved after every step, so the page may close, and a service worker
 * Chrome stopped picks the refresh up when it starts again (`resumeUnfinished`). A 45009 stops it with
 * what was read kept ('quota'), to resume tomorrow; an error every call would meet pauses it with the
 * reason; token expiry and -1 are handled by the WeChat client as for every call.
 * This file is the refresh's control: start, resume, pause, cancel, and what pages are told.
 */
export function createReportRefresher(deps: RefresherDeps) {
  const now = deps.now ?? Date.now;
  const jobs = new Map<string, RefreshJob>();
  const publish = (appId: string, progress: RefreshProgress | null) => deps.publish?.(appId, progress).catch(() => {});

  /** Runs the refresh unless this worker already does; resolves when the job stops. */
  function ensureRunning(appId: string): Promise<void> {
    const existing = jobs.get(appId);
    if (existing) return existing.finished;
    const job: RefreshJob = { finished: Promise.resolve() };
    job.finished = runRefresh(appId, job, deps)
      .catch((thrown: unknown) => console.error('report refresh', thrown))
      .finally(() => jobs.delete(appId));
    jobs.set(appId, job);
    return job.finished;
  }

  /** Resolves when this worker's job for the account (if any) has stopped. */
  function idle(appId: string): Promise<void> {
    return jobs.get(appId)?.finished ?? Promise.resolve();
  }

  async function progress(appId: string): Promise<RefreshProgress | null> {
    // Without the page of 10,000 openids: cheap to read.
    const refresh = await loadRefreshProgress(appId);
    return refresh ? toProgress(refresh) : null;
  }

  async function setStatus(appId: string, from: readonly RefreshStatus[], status: RefreshStatus): Promise<RefreshProgress | null> {
    const refresh = await loadRefresh(appId);
    if (!refresh || !from.includes(refresh.status)) return refresh ? toProgress(refresh) : null;
    const { error: _dropped, ...rest } = refresh;
    await saveRefresh({ ...rest, status }, false);
    const changed = await progress(appId);
    await publish(appId, changed);
    return changed;
  }

  return {
    progress,

    /**
     * "Refresh": reads the first list page (it is the refresh's first step, not an extra call) so the
     * page can show how many calls the rest takes, then waits for `resume`. An unfinished refresh is
     * answered as it is instead of being started over. Fails (nothing stored) when WeChat refuses the
     * first call, e.g. 48001 for an account without 用户管理 permission.
     */
    async start(appId: string): Promise<RefreshProgress> {
      const unfinished = await loadRefresh(appId);
      if (unfinished) return toProgress(unfinished);
      const started = now();
      const cursor = applyListPage(newReportCursor(started), await deps.clientFor(appId).followerList(''));
      const refresh: StoredRefresh = { appId, status: 'confirm', cursor, startedAt: started, activeMs: now() - started, calls: { list: 1, details: 0 } };
      await saveRefresh(refresh, true);
      const confirm = toProgress(refresh);
      await publish(appId, confirm);
      return confirm;
    },

    /** Start after the call count was shown, or resume after a pause, a 45009 or a fixed error. */
    async resume(appId: string): Promise<RefreshProgress | null> {
      // A Resume pressed while a Pause is still finishing: let the job save 'paused' first, or this
      // would find it 'running', change nothing, and the pause would land after it.
      if (jobs.get(appId)?.stop === 'pause') await idle(appId);
      const answer = await setStatus(appId, ['confirm', 'paused', 'quota', 'failed'], 'running');
      if (answer?.status === 'running') void ensureRunning(appId);
      return answer;
    },

    /** Stops after the calls already out; what they read is kept. */
    async pause(appId: string): Promise<RefreshProgress | null> {
      const job = jobs.get(appId);
      if (!job) return setStatus(appId, ['running'], 'paused');
      // The job saves 'paused' with the newest cursor itself: a write from here could hold an older one.
      job.stop = 'pause';
      await idle(appId);
      return progress(appId);
    },

    /** Forgets the unfinished refresh; the last snapshot stays. */
    async cancel(appId: string): Promise<null> {
      const job = jobs.get(appId);
      if (job) job.stop = 'cancel';
      await idle(appId);
      await deleteRefresh(appId);
      await publish(appId, null);
      return null;
    },

    /** On worker start: continue every refresh that was running when Chrome stopped the worker. */
    async resumeUnfinished(): Promise<void> {
      const running = (await refreshStatuses()).filter((r) => r.status === 'running');
      await Promise.all(running.map((r) => ensureRunning(r.appId)));
    },

    idle,
  };
}

export type ReportRefresher = ReturnType<typeof createReportRefresher>;
