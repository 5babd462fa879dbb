import { type AppError, toAppError } from '@/utils/messaging/app-error';
import {
  DETAIL_BATCH_SIZE,
  LIST_PAGE_SIZE,
  type ReportCursor,
  applyBatch,
  applyLaterBatch,
  applyListPage,
  newReportCursor,
} from './follower-report';
import {
  type RefreshStatus,
  type StoredRefresh,
  completeRefresh,
  deleteRefresh,
  loadRefresh,
  loadRefreshProgress,
  refreshStatuses,
  saveRefresh,
} from '@/utils/storage/report-db';
import type { AccountClient } from '@/utils/wechat/client';

/**
 * The channel report's refresh as a background job (issue #8): list pages of 10,000 openids, then
 * their details 100 at a time, two batchget calls in flight at most. The state is saved after every
 * step, so the page may close, and a service worker Chrome stopped picks the refresh up when it starts
 * again (`resumeUnfinished`). A 45009 stops it with what was read kept ('quota'), to resume tomorrow;
 * token expiry and -1 are handled by the WeChat client as for every call.
 */

/** What pages see of a refresh. */
export interface RefreshProgress {
  appId: string;
  status: RefreshStatus;
  /** WeChat's follower total (from the latest list page). */
  total: number;
  /** Followers detailed so far. */
  detailed: number;
  startedAt: number;
  activeMs: number;
  /** At the pace so far; absent until some followers are detailed. */
  msLeft?: number;
  calls: { list: number; details: number };
  /** Estimated calls still to make. */
  callsLeft: { list: number; details: number };
  error?: AppError;
}

export type FollowerClient = Pick<AccountClient, 'followerList' | 'followerDetails'>;

export interface RefresherDeps {
  /** The follower calls of the account with this AppID, with its own token: asked for once per run. */
  clientFor(appId: string): FollowerClient;
  now?: () => number;
}

/** Batchget calls in flight at once: the issue allows 2, which halves the wait on WeChat. */
export const DETAIL_CALLS_IN_FLIGHT = 2;
const QUOTA_ERRCODE = 45009;

/**
 * Calls still needed: list pages for the openids not yet listed, plus WeChat's closing call that
 * answers count 0; one batchget per 100 followers not yet detailed.
 */
export function callsLeft(cursor: Omit<ReportCursor, 'page'>): { list: number; details: number } {
  if (cursor.phase === 'done') return { list: 0, details: 0 };
  const unlisted = Math.max(0, cursor.total - cursor.openidsRead);
  const listing = cursor.phase === 'list' || cursor.nextOpenid !== '';
  return {
    list: listing ? Math.ceil(unlisted / LIST_PAGE_SIZE) + 1 : 0,
    details: Math.ceil(Math.max(0, cursor.total - cursor.detailed) / DETAIL_BATCH_SIZE),
  };
}

/** Progress needs no openids: the page of the cursor may be left out (see loadRefreshProgress). */
export function toProgress(refresh: Omit<StoredRefresh, 'cursor'> & { cursor: Omit<ReportCursor, 'page'> }): RefreshProgress {
  const { cursor, activeMs } = refresh;
  const progress: RefreshProgress = {
    appId: refresh.appId,
    status: refresh.status,
    total: cursor.total,
    detailed: cursor.detailed,
    startedAt: refresh.startedAt,
    activeMs,
    calls: refresh.calls,
    callsLeft: callsLeft(cursor),
    ...(refresh.error && { error: refresh.error }),
  };
  if (cursor.detailed > 0) progress.msLeft = Math.round((activeMs / cursor.detailed) * Math.max(0, cursor.total - cursor.detailed));
  return progress;
}

interface Job {
  stop?: 'pause' | 'cancel';
  finished: Promise<void>;
}

type Settled = { ok: true; users: unknown[] } | { ok: false; failure: unknown };
/** A batchget call out: the page offset of its first openid, and its answer (never rejects). */
interface Pending {
  offset: number;
  answer: Promise<Settled>;
}

export function createReportRefresher(deps: RefresherDeps) {
  const now = deps.now ?? Date.now;
  const jobs = new Map<string, Job>();

  /**
   * One list call, or the answer of the oldest batchget call out. Batch calls form a window: up to
   * DETAIL_CALLS_IN_FLIGHT are out at once (topped up here unless the job is stopping), and answers are
   * counted in the order the calls were made (the cursor has one offset), so one call waits at WeChat
   * while the extension counts and saves the other's answer.
   */
  async function step(client: FollowerClient, refresh: StoredRefresh, window: Pending[], topUp: boolean): Promise<{ refresh: StoredRefresh; failure?: unknown; pageChanged: boolean }> {
    const { cursor } = refresh;
    if (cursor.phase === 'list') {
      try {
        const answer = await client.followerList(cursor.nextOpenid);
        const calls = { ...refresh.calls, list: refresh.calls.list + 1 };
        return { refresh: { ...refresh, cursor: applyListPage(cursor, answer), calls }, pageChanged: true };
      } catch (failure) {
        return { refresh, failure, pageChanged: false };
      }
    }
    let offset = window.length > 0 ? window[window.length - 1]!.offset + DETAIL_BATCH_SIZE : cursor.detailOffset;
    while (topUp && window.length < DETAIL_CALLS_IN_FLIGHT && offset < cursor.page.length) {
      const batch = cursor.page.slice(offset, offset + DETAIL_BATCH_SIZE);
      const answer = client.followerDetails(batch).then(
        (users): Settled => ({ ok: true, users }),
        (failure: unknown): Settled => ({ ok: false, failure }),
      );
      window.push({ offset, answer });
      offset += DETAIL_BATCH_SIZE;
    }
    const oldest = window.shift();
    if (!oldest) return { refresh, pageChanged: false };
    const settled = await oldest.answer;
    if (!settled.ok) return { ...(await keepLaterAnswers(refresh, window)), failure: settled.failure };
    const calls = { ...refresh.calls, details: refresh.calls.details + 1 };
    return { refresh: { ...refresh, cursor: applyBatch(cursor, settled.users, oldest.offset), calls }, pageChanged: false };
  }

  /**
   * The oldest call out failed: "keep what was read so far" still holds for the calls made after it.
   * With two calls on separate connections, the later one can be answered while the earlier one gets
   * 45009; its followers are counted (moved ahead of the failed ones in the page) instead of read again.
   */
  async function keepLaterAnswers(refresh: StoredRefresh, window: Pending[]): Promise<{ refresh: StoredRefresh; pageChanged: boolean }> {
    let { cursor, calls } = refresh;
    for (const pending of window.splice(0)) {
      const settled = await pending.answer;
      if (!settled.ok) continue;
      cursor = applyLaterBatch(cursor, settled.users, pending.offset);
      calls = { ...calls, details: calls.details + 1 };
    }
    return { refresh: { ...refresh, cursor, calls }, pageChanged: cursor.page !== refresh.cursor.page };
  }

  async function finish(refresh: StoredRefresh): Promise<void> {
    const { cursor } = refresh;
    await completeRefresh({
      appId: refresh.appId,
      takenAt: cursor.now,
      finishedAt: now(),
      activeMs: refresh.activeMs,
      calls: refresh.calls,
      total: cursor.total,
      counts: cursor.counts,
      otherSources: cursor.otherSources,
      ...(cursor.otherRecent && { otherRecent: cursor.otherRecent }),
      unfollowed: cursor.unfollowed,
    });
  }

  async function run(appId: string, job: Job): Promise<void> {
    let refresh = await loadRefresh(appId);
    // The previous step's save runs while the next step's calls are out; saves stay in order.
    let saving: Promise<void> = Promise.resolve();
    const window: Pending[] = [];
    // The refreshed account's own calls, whichever account becomes current meanwhile.
    const client = deps.clientFor(appId);
    let stopping: Job['stop'];
    try {
      while (refresh && refresh.status === 'running') {
        if (refresh.cursor.phase === 'done') {
          await saving;
          return await finish(refresh);
        }
        stopping = job.stop ?? stopping;
        // A cancel drops the calls still out; a pause first counts what they answer.
        if (stopping === 'cancel') return;
        if (stopping === 'pause' && window.length === 0) {
          await saving;
          await saveRefresh({ ...refresh, status: 'paused' }, false);
          return;
        }
        const started = now();
        const result = await step(client, refresh, window, stopping === undefined);
        refresh = { ...result.refresh, activeMs: refresh.activeMs + (now() - started) };
        if (result.failure !== undefined) {
          const error = toAppError(result.failure);
          refresh = { ...refresh, status: error.errcode === QUOTA_ERRCODE ? 'quota' : 'failed', error };
        }
        // A cancel while the calls were out: the records are gone and must stay gone.
        if (job.stop === 'cancel') return;
        await saving;
        saving = saveRefresh(refresh, result.pageChanged);
      }
    } finally {
      await saving;
    }
  }

  /** Runs the refresh unless this worker already does; resolves when the job stops. */
  function ensureRunning(appId: string): Promise<void> {
    const existing = jobs.get(appId);
    if (existing) return existing.finished;
    const job: Job = { finished: Promise.resolve() };
    job.finished = run(appId, job)
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
    // Polled every half second while a refresh runs: without the page of 10,000 openids.
    const refresh = await loadRefreshProgress(appId);
    return refresh ? toProgress(refresh) : null;
  }

  async function setStatus(appId: string, from: readonly RefreshStatus[], status: RefreshStatus): Promise<RefreshProgress | null> {
    const refresh = await loadRefresh(appId);
    if (!refresh || !from.includes(refresh.status)) return refresh ? toProgress(refresh) : null;
    const { error: _dropped, ...rest } = refresh;
    await saveRefresh({ ...rest, status }, false);
    return progress(appId);
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
      return toProgress(refresh);
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
