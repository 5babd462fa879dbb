import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type FollowerState,
  USER_BATCHGET,
  USER_GET,
  createFollowerState,
  expectedTally,
  generateFollowers,
  handleFollowerRequest,
  resetQuota,
} from '@/test/stand-ins/follower-base';
import { rejection } from '@/test/unit/helpers';
import { type AppError, AppFailure } from '@/utils/messaging/app-error';
import type { FollowerListPage } from '@/utils/wechat/follower-api';
import { REPORT_DB_NAME, closeReportDb, loadRefresh, loadSnapshot } from '@/utils/storage/report-db';
import { type FollowerClient, type RefreshProgress, callsLeft, createReportRefresher } from './refresh';
import { statusAfter } from './refresh-run';
import { wechatError } from '@/utils/wechat/errors';
import { deleteDatabase } from '@/test/unit/helpers';

const APP_ID = 'wx0123456789abcdef';
const NOW = 1_700_000_000_000;
const FOLLOWERS = generateFollowers({
  count: 2_345,
  seed: 7,
  scenes: { sceneId: [1, 2, 98765], sceneStr: ['store-42', 'poster'] },
  unfollowedShare: 0.05,
  noSceneShare: 0.3,
  now: NOW,
});

/** The stand-in's follower doors behind the client interface; errcodes become AppFailures as in utils/wechat/http.ts. */
function fakeClient(state: FollowerState, options: { hangAfter?: number } = {}) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0 };
  async function call<T>(path: string, query: Record<string, string>, body: unknown): Promise<T> {
    // A worker Chrome stops mid-call: the answer never arrives.
    if (options.hangAfter !== undefined && stats.calls >= options.hangAfter) return new Promise<T>(() => {});
    stats.calls++;
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 0));
    stats.inFlight--;
    const answer = handleFollowerRequest(path, { access_token: 'T', ...query }, body, state) as { errcode?: number; errmsg?: string };
    if (answer.errcode) throw new AppFailure(wechatError(answer.errcode, answer.errmsg ?? ''));
    return answer as T;
  }
  const client: FollowerClient = {
    followerList: (next) => call<FollowerListPage>(USER_GET, { next_openid: next }, null),
    followerDetails: async (openids) =>
      (await call<{ user_info_list: unknown[] }>(USER_BATCHGET, {}, { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) })).user_info_list,
  };
  return { client, stats };
}

function refresher(client: FollowerClient) {
  return createReportRefresher({ clientFor: () => client, now: () => NOW });
}

/** The snapshot's counts in the tally's shape. */
async function snapshotTally() {
  const snapshot = await loadSnapshot(APP_ID);
  if (!snapshot) throw new Error('no snapshot');
  return {
    scenes: new Map(Object.entries(snapshot.counts)),
    otherSources: snapshot.otherSources,
    otherRecent: snapshot.otherRecent,
    unfollowed: snapshot.unfollowed,
  };
}

const smallPages = () => createFollowerState(FOLLOWERS, { pageSize: 1_000 });

afterEach(async () => {
  await closeReportDb();
  await deleteDatabase(REPORT_DB_NAME);
});

describe('report refresh: start, confirm, run', () => {
  it('"Refresh" reads only the first list page and waits, showing the calls the rest will take', async () => {
    const state = createFollowerState(FOLLOWERS);
    const progress = await refresher(fakeClient(state).client).start(APP_ID);
    expect(progress).toMatchObject({ status: 'confirm', total: 2_345, detailed: 0, calls: { list: 1, details: 0 } });
    // All 2,345 came in the first page of 10,000; WeChat's closing empty page; 24 batchget calls of ≤ 100.
    expect(progress.callsLeft).toEqual({ list: 1, details: 24 });
    expect(state.calls).toEqual({ list: 1, batchget: 0 });
  });

  it('runs to a snapshot with the counts a plain tally gives, never more than 2 calls in flight', async () => {
    const state = smallPages();
    const { client, stats } = fakeClient(state);
    const reports = refresher(client);
    await reports.start(APP_ID);
    expect((await reports.resume(APP_ID))?.status).toBe('running');
    await reports.idle(APP_ID);

    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
    expect(await loadRefresh(APP_ID)).toBeUndefined();
    expect(await reports.progress(APP_ID)).toBeNull();
    expect(stats.maxInFlight).toBe(2);
    expect(state.served).toEqual({ list: 4, batchget: 24 });
    expect(await loadSnapshot(APP_ID)).toMatchObject({ takenAt: NOW, total: 2_345, calls: { list: 4, details: 24 } });
  });

  it('stores no nickname, avatar or other follower detail: the snapshot holds counts per scene only', async () => {
    const reports = refresher(fakeClient(smallPages()).client);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    const text = JSON.stringify(await loadSnapshot(APP_ID));
    expect(text).not.toContain(FOLLOWERS[0]!.openid);
    expect(text).not.toMatch(/nickname|headimgurl|language|zh_CN/);
  });

  it('an unfinished refresh is answered as it is when "Refresh" is pressed again (no new first call)', async () => {
    const state = smallPages();
    const reports = refresher(fakeClient(state).client);
    await reports.start(APP_ID);
    expect((await reports.start(APP_ID)).status).toBe('confirm');
    expect(state.calls.list).toBe(1);
  });
});

describe('report refresh: quota, errors, restart', () => {
  it('stops cleanly on 45009 keeping what was read, leaves the last snapshot, and finishes exactly once resumed', async () => {
    const state = smallPages();
    const reports = refresher(fakeClient(state).client);
    // A complete earlier refresh first: the new one must not replace it until it completes.
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    const earlier = await loadSnapshot(APP_ID);
    resetQuota(state);
    state.quotaAfter.batchget = 9;
    state.followers = FOLLOWERS.slice(0, 2_000);

    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    const stopped = await reports.progress(APP_ID);
    expect(stopped).toMatchObject({ status: 'quota', detailed: 900, error: { code: 'wechat_daily_quota', errcode: 45009 } });
    expect(await loadSnapshot(APP_ID)).toEqual(earlier);

    resetQuota(state);
    state.quotaAfter = {};
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS.slice(0, 2_000), NOW));
  });

  it('keeps a batch answered after an earlier one got 45009 (the two calls reached WeChat in the other order)', async () => {
    const state = smallPages();
    state.quotaAfter.batchget = 9;
    const { client } = fakeClient(state);
    // The call for followers 800–899 is held back, so the one for 900–999 is served 9th and 800 is refused.
    const reordering: FollowerClient = {
      followerList: client.followerList,
      followerDetails: async (openids) => {
        if (openids[0] === FOLLOWERS[800]!.openid) await new Promise((resolve) => setTimeout(resolve, 20));
        return client.followerDetails(openids);
      },
    };
    const reports = refresher(reordering);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(state.served.batchget).toBe(9);
    expect(await reports.progress(APP_ID)).toMatchObject({ status: 'quota', detailed: 900, calls: { details: 9 } });

    resetQuota(state);
    state.quotaAfter = {};
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
    // Nobody read twice: 24 batches of 100 for 2,345 followers, plus the refused call.
    expect(state.served.batchget).toBe(24 - 9);
  });

  it('a worker stopped mid-call: the next worker resumes from the saved state and counts nobody twice', async () => {
    const state = smallPages();
    const first = refresher(fakeClient(state, { hangAfter: 15 }).client);
    await first.start(APP_ID);
    await first.resume(APP_ID);
    // The first worker hangs on its 15th call: wait until a step it counted before that is saved.
    const saved = await vi.waitFor(async () => {
      const stored = await loadRefresh(APP_ID);
      expect(stored!.cursor.detailed).toBeGreaterThan(0);
      return stored!;
    });
    expect(saved.status).toBe('running');

    const next = refresher(fakeClient(state).client);
    await next.resumeUnfinished();
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
  });

  it('48001 on the first call fails "Refresh" with the error and stores nothing', async () => {
    const client: FollowerClient = {
      followerList: async () => {
        throw new AppFailure(wechatError(48001, 'api unauthorized rid: x-1'));
      },
      followerDetails: async () => [],
    };
    expect(await rejection(refresher(client).start(APP_ID))).toMatchObject({ code: 'wechat_unauthorized', errcode: 48001 });
    expect(await loadRefresh(APP_ID)).toBeUndefined();
  });

  it('another error mid-way stops as "failed" with the error, and resumes when asked', async () => {
    const state = smallPages();
    let failOnce = true;
    const { client } = fakeClient(state);
    const flaky: FollowerClient = {
      followerList: client.followerList,
      followerDetails: async (openids) => {
        if (failOnce && openids[0] === FOLLOWERS[500]!.openid) {
          failOnce = false;
          // An answer that cannot be read: this call's own trouble (an error every call would meet pauses instead, below).
          throw new AppFailure({ code: 'bad_response' });
        }
        return client.followerDetails(openids);
      },
    };
    const reports = refresher(flaky);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    // Batches 0–400 counted, and the one at 600 that was out with the failed call at 500.
    expect(await reports.progress(APP_ID)).toMatchObject({ status: 'failed', detailed: 600, calls: { details: 6 }, error: { code: 'bad_response' } });
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
  });
});

describe('report refresh: errors every call would meet pause it with the reason', () => {
  /** A client whose batchget calls from follower 500 on fail with `error` until `recover()`. */
  function failingFrom500(error: AppError) {
    const state = smallPages();
    const { client } = fakeClient(state);
    let down = true;
    const failing: FollowerClient = {
      followerList: client.followerList,
      followerDetails: async (openids) => {
        if (down && FOLLOWERS.findIndex((f) => f.openid === openids[0]) >= 500) throw new AppFailure(error);
        return client.followerDetails(openids);
      },
    };
    return { state, client: failing, recover: () => (down = false) };
  }

  it.each<AppError>([
    { code: 'http_status', status: 502, params: ['502'] },
    { code: 'timeout', params: ['15'] },
    { code: 'network' },
    { code: 'secret_locked' },
    { code: 'token_server_permission_missing' },
    { code: 'account_missing' },
  ])('$code: paused with the error, what was read kept; resumed, it completes exactly', async (error) => {
    const { client, recover } = failingFrom500(error);
    const reports = refresher(client);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    const paused = await reports.progress(APP_ID);
    expect(paused).toMatchObject({ status: 'paused', error });
    expect(paused!.detailed).toBeGreaterThanOrEqual(500);
    recover();
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
  });

  it('HTTP 404 is not a server outage: the refresh fails with it', async () => {
    const { client } = failingFrom500({ code: 'http_status', status: 404, params: ['404'] });
    const reports = refresher(client);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await reports.progress(APP_ID)).toMatchObject({ status: 'failed', error: { code: 'http_status', status: 404 } });
  });

  it('statusAfter: 45009 keeps its own status', () => {
    expect(statusAfter(wechatError(45009, 'quota'))).toBe('quota');
    expect(statusAfter({ code: 'http_status', status: 503 })).toBe('paused');
    expect(statusAfter({ code: 'bad_response' })).toBe('failed');
  });
});

describe('report refresh: what the pages are told', () => {
  it('publishes every status change and the progress, then null when the refresh completes', async () => {
    const published: (RefreshProgress | null)[] = [];
    const client = fakeClient(smallPages()).client;
    const reports = createReportRefresher({
      clientFor: () => client,
      now: () => NOW,
      publish: async (appId, progress) => {
        expect(appId).toBe(APP_ID);
        published.push(progress);
      },
    });
    await reports.start(APP_ID);
    expect(published).toEqual([expect.objectContaining({ status: 'confirm', total: 2_345 })]);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(published[1]).toMatchObject({ status: 'running', detailed: 0 });
    // The clock stands still here, so only the first step after resume passes the throttle; the end always does.
    expect(published.slice(2, -1).every((p) => p?.status === 'running' && p.detailed > 0)).toBe(true);
    expect(published.at(-1)).toBeNull();
  });

  it('publishes a pause with the reason, and null on cancel', async () => {
    const published: (RefreshProgress | null)[] = [];
    const state = smallPages();
    state.quotaAfter.batchget = 3;
    const client = fakeClient(state).client;
    const reports = createReportRefresher({
      clientFor: () => client,
      now: () => NOW,
      publish: async (_appId, progress) => void published.push(progress),
    });
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(published.at(-1)).toMatchObject({ status: 'quota', detailed: 300, error: { errcode: 45009 } });
    await reports.cancel(APP_ID);
    expect(published.at(-1)).toBeNull();
  });
});

describe('report refresh: pause, cancel, account change', () => {
  it('pause stops after the calls already out; resume finishes with exact counts', async () => {
    const state = smallPages();
    const reports = refresher(fakeClient(state).client);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    const paused = await reports.pause(APP_ID);
    expect(paused?.status).toBe('paused');
    const callsAtPause = state.calls.batchget;
    // The job has ended (pause waits for it): nothing of it can call WeChat any more.
    await reports.idle(APP_ID);
    expect(state.calls.batchget).toBe(callsAtPause);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
  });

  it('a Resume pressed while a Pause is still finishing resumes once the pause has landed', async () => {
    const state = smallPages();
    const reports = refresher(fakeClient(state).client);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    const pausing = reports.pause(APP_ID);
    const resumed = await reports.resume(APP_ID);
    expect(resumed?.status).toBe('running');
    expect((await pausing)?.status).toBe('paused');
    await reports.idle(APP_ID);
    expect(await loadRefresh(APP_ID)).toBeUndefined();
    expect(await snapshotTally()).toEqual(expectedTally(FOLLOWERS, NOW));
  });

  it('cancel forgets the refresh and keeps the last snapshot', async () => {
    const state = smallPages();
    const reports = refresher(fakeClient(state).client);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    const snapshot = await loadSnapshot(APP_ID);
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    expect(await reports.cancel(APP_ID)).toBeNull();
    expect(await loadRefresh(APP_ID)).toBeUndefined();
    expect(await loadSnapshot(APP_ID)).toEqual(snapshot);
  });

  it("a run asks once for the refreshed account's own client, and makes every call through it", async () => {
    const state = smallPages();
    const { client } = fakeClient(state);
    const clientFor = vi.fn((_appId: string) => client);
    const reports = createReportRefresher({ clientFor, now: () => NOW });
    await reports.start(APP_ID);
    await reports.resume(APP_ID);
    await reports.idle(APP_ID);
    expect(await loadSnapshot(APP_ID)).toBeDefined();
    // One for the first list page (start), one for the run.
    expect(clientFor.mock.calls).toEqual([[APP_ID], [APP_ID]]);
  });
});

describe('callsLeft', () => {
  it('counts list pages, the closing empty page and batches of 100', () => {
    const cursor = {
      version: 1,
      phase: 'list',
      now: NOW,
      nextOpenid: '',
      total: 25_000,
      openidsRead: 0,
      page: [],
      detailOffset: 0,
      detailed: 0,
      counts: {},
      otherSources: 0,
      unfollowed: 0,
    } as const;
    expect(callsLeft({ ...cursor })).toEqual({ list: 4, details: 250 });
    expect(callsLeft({ ...cursor, phase: 'done' })).toEqual({ list: 0, details: 0 });
  });
});
