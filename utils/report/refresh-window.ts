import { DETAIL_BATCH_SIZE, applyBatch, applyLaterBatch, applyListPage } from './follower-report';
import type { FollowerClient } from './refresh-types';
import type { StoredRefresh } from '@/utils/storage/report-db';

/** Batchget calls in flight at once: the issue allows 2, which halves the wait on WeChat. */
export const DETAIL_CALLS_IN_FLIGHT = 2;

type Settled = { ok: true; users: unknown[] } | { ok: false; failure: unknown };
/** A batchget call out: the page offset of its first openid, and its answer (never rejects). */
interface Pending {
  offset: number;
  answer: Promise<Settled>;
}

export interface StepResult {
  refresh: StoredRefresh;
  failure?: unknown;
  pageChanged: boolean;
}

/**
 * A refresh's calls to WeChat, one step at a time: a list call, or the answer of the oldest
 * batchget call out. Batch calls form a window: up to DETAIL_CALLS_IN_FLIGHT are out at once
 * (topped up unless the job is stopping), and answers are counted in the order the calls were made
 * (the cursor has one offset), so one call waits at WeChat while the extension counts and saves the other's answer.
 */
export function createRefreshWindow(client: FollowerClient) {
  const window: Pending[] = [];

  function topUpDetails(refresh: StoredRefresh): void {
    const { cursor } = refresh;
    let offset = window.length > 0 ? window[window.length - 1]!.offset + DETAIL_BATCH_SIZE : cursor.detailOffset;
    while (window.length < DETAIL_CALLS_IN_FLIGHT && offset < cursor.page.length) {
      const batch = cursor.page.slice(offset, offset + DETAIL_BATCH_SIZE);
      const answer = client.followerDetails(batch).then(
        (users): Settled => ({ ok: true, users }),
        (failure: unknown): Settled => ({ ok: false, failure }),
      );
      window.push({ offset, answer });
      offset += DETAIL_BATCH_SIZE;
    }
  }

  /**
   * The oldest call out failed: "keep what was read so far" still holds for the calls made after it.
   * With two calls on separate connections, the later one can be answered while the earlier one gets
   * 45009; its followers are counted (moved ahead of the failed ones in the page) instead of read again.
   */
  async function keepLaterAnswers(refresh: StoredRefresh): Promise<{ refresh: StoredRefresh; pageChanged: boolean }> {
    let { cursor, calls } = refresh;
    for (const pending of window.splice(0)) {
      const settled = await pending.answer;
      if (!settled.ok) continue;
      cursor = applyLaterBatch(cursor, settled.users, pending.offset);
      calls = { ...calls, details: calls.details + 1 };
    }
    return { refresh: { ...refresh, cursor, calls }, pageChanged: cursor.page !== refresh.cursor.page };
  }

  async function listStep(refresh: StoredRefresh): Promise<StepResult> {
    try {
      const answer = await client.followerList(refresh.cursor.nextOpenid);
      const calls = { ...refresh.calls, list: refresh.calls.list + 1 };
      return { refresh: { ...refresh, cursor: applyListPage(refresh.cursor, answer), calls }, pageChanged: true };
    } catch (failure) {
      return { refresh, failure, pageChanged: false };
    }
  }

  async function detailStep(refresh: StoredRefresh, topUp: boolean): Promise<StepResult> {
    if (topUp) topUpDetails(refresh);
    const oldest = window.shift();
    if (!oldest) return { refresh, pageChanged: false };
    const settled = await oldest.answer;
    if (!settled.ok) return { ...(await keepLaterAnswers(refresh)), failure: settled.failure };
    const calls = { ...refresh.calls, details: refresh.calls.details + 1 };
    return { refresh: { ...refresh, cursor: applyBatch(refresh.cursor, settled.users, oldest.offset), calls }, pageChanged: false };
  }

  return {
    step: (refresh: StoredRefresh, topUp: boolean): Promise<StepResult> => (refresh.cursor.phase === 'list' ? listStep(refresh) : detailStep(refresh, topUp)),
    /** Batchget calls still out (a pause waits for them to be counted). */
    get outstanding(): number {
      return window.length;
    },
  };
}
