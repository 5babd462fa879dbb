import { describe, expect, it } from 'vitest';
import type { AppError } from '@/utils/messaging/app-error';
import { seededRandom } from '@/test/stand-ins/follower-base';
import {
  ACCEPTED,
  type CallOutcome,
  type TagCall,
  type TagRunPlan,
  type TagRunState,
  applyOutcome,
  changedOpenids,
  newRunState,
  nextCall,
  planRun,
  planUndo,
  resumeRun,
  summarizeRun,
} from './tag-run';

const TAG = 134;
const openids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `o${String(from + i).padStart(5, '0')}`);
const refusal = (code: AppError['code'], errcode: number): CallOutcome => ({ error: { code, errcode } });
const GONE = refusal('tag_follower_gone', 40003);
const CAPPED = refusal('tag_follower_cap', 45059);
const QUOTA = refusal('tag_daily_quota', 45009);

/**
 * WeChat as the stand-in answers (contract §9): a call with a follower who left is refused whole with
 * 40003, one with a follower at 20 tags with 45059, and changes nothing; otherwise every follower in it
 * gets the tag. `accepted` lists the openids of every accepted call, in order.
 */
function fakeWechat(gone: Iterable<string> = [], capped: Iterable<string> = []) {
  const goneSet = new Set(gone);
  const cappedSet = new Set(capped);
  const accepted: string[] = [];
  const answer = (call: TagCall): CallOutcome => {
    if (call.openids.some((id) => goneSet.has(id))) return GONE;
    if (call.openids.some((id) => cappedSet.has(id))) return CAPPED;
    accepted.push(...call.openids);
    return ACCEPTED;
  };
  return { answer, accepted };
}

/** Drives the run to its end or a pause, saving (a JSON round trip) after every call. */
function drive(plan: TagRunPlan, state: TagRunState, answer: (call: TagCall) => CallOutcome): TagRunState {
  for (let call = nextCall(plan, state); call; call = nextCall(plan, state)) {
    state = JSON.parse(JSON.stringify(applyOutcome(plan, state, call, answer(call)))) as TagRunState;
  }
  return state;
}

const duplicates = (list: readonly string[]) => list.filter((id, i) => list.indexOf(id) !== i);

describe('the plan', () => {
  it('holds each openid once, 50 a chunk, in order', () => {
    const plan = planRun('tag', TAG, [...openids(120), ...openids(10)]);
    expect(plan.chunks.map((c) => c.length)).toEqual([50, 50, 20]);
    expect(plan.chunks.flat()).toEqual(openids(120));
  });

  it("refuses WeChat's own tags 0, 1 and 2 before anything is planned", () => {
    for (const id of [0, 1, 2]) expect(() => planRun('tag', id, openids(3))).toThrow('tag_system');
  });

  it('with nobody to tag the run is done at once, with no call', () => {
    const plan = planRun('tag', TAG, []);
    expect(newRunState(plan).status).toBe('done');
    expect(nextCall(plan, newRunState(plan))).toBeNull();
  });
});

describe('running', () => {
  it('all accepted: one call a chunk, every follower changed once', () => {
    const plan = planRun('tag', TAG, openids(120));
    const wechat = fakeWechat();
    const state = drive(plan, newRunState(plan), wechat.answer);
    expect(state.status).toBe('done');
    expect(state.calls).toBe(3);
    expect(wechat.accepted).toEqual(openids(120));
    expect(changedOpenids(plan, state)).toEqual(openids(120));
  });

  it('a follower who left (40003) is found by halving the call, skipped and counted; the other 49 are tagged, about a dozen calls', () => {
    const plan = planRun('tag', TAG, openids(50));
    const left = openids(50)[37]!;
    const wechat = fakeWechat([left]);
    const state = drive(plan, newRunState(plan), wechat.answer);
    expect(state.status).toBe('done');
    expect(state.skipped).toEqual({ gone: [left], capped: [], foreign: [] });
    expect([...wechat.accepted].sort()).toEqual(openids(50).filter((id) => id !== left));
    expect(duplicates(wechat.accepted)).toEqual([]);
    // 50 ✗, 0–24 ✓, 25–49 ✗, 25–37 ✗, 25–31 ✓, 32–37 ✗, 32–34 ✓, 35–37 ✗, 35–36 ✓, 37 ✗, 38–49 ✓.
    expect(state.calls).toBe(11);
  });

  it('wherever the one who left is in a chunk of 50, finding them takes at most 13 calls', () => {
    const plan = planRun('tag', TAG, openids(50));
    const calls = openids(50).map((left) => drive(plan, newRunState(plan), fakeWechat([left]).answer).calls);
    expect(Math.max(...calls)).toBeLessThanOrEqual(13);
    expect(Math.min(...calls)).toBeGreaterThanOrEqual(11);
  });

  it('45059 inside a call: the rest are tagged, the capped ones skipped and counted; left and capped in one chunk each under its reason', () => {
    const plan = planRun('tag', TAG, openids(100));
    const [capA, capB, left] = [openids(100)[3]!, openids(100)[4]!, openids(100)[60]!];
    const wechat = fakeWechat([left], [capA, capB]);
    const state = drive(plan, newRunState(plan), wechat.answer);
    expect(state.skipped).toEqual({ gone: [left], capped: [capA, capB], foreign: [] });
    expect(changedOpenids(plan, state).sort()).toEqual(openids(100).filter((id) => ![capA, capB, left].includes(id)));
    expect(summarizeRun(plan, state)).toMatchObject({ planned: 100, changed: 97, skipped: { gone: 1, capped: 2, foreign: 0 }, callsLeft: 0 });
  });

  it('49003 (not this account) is skipped like a follower who left, under its own count', () => {
    const plan = planRun('tag', TAG, ['oA']);
    const state = applyOutcome(plan, newRunState(plan), nextCall(plan, newRunState(plan))!, refusal('tag_follower_foreign', 49003));
    expect(state).toMatchObject({ status: 'done', skipped: { foreign: ['oA'] } });
    expect(changedOpenids(plan, state)).toEqual([]);
  });

  it.each([
    ['45009 (quota)', QUOTA],
    ['48001 (no 用户管理 permission)', refusal('tag_unauthorized', 48001)],
    ['the lock closed', refusal('secret_locked', 0)],
    ['a pasted token gone', refusal('token_pasted_missing', 0)],
    ['a tag deleted meanwhile (45159)', refusal('tag_missing', 45159)],
    ['a timeout', refusal('timeout', 0)],
  ])('%s pauses with the reason, the call still to make, what was done kept', (_name, outcome) => {
    const plan = planRun('tag', TAG, openids(120));
    let state = newRunState(plan);
    const first = nextCall(plan, state)!;
    state = applyOutcome(plan, state, first, ACCEPTED);
    const second = nextCall(plan, state)!;
    state = applyOutcome(plan, state, second, outcome);
    expect(state).toMatchObject({ status: 'paused', error: (outcome as { error: AppError }).error, chunk: 1 });
    expect(nextCall(plan, state)).toBeNull();
    expect(changedOpenids(plan, state)).toEqual(openids(50));
    expect(nextCall(plan, resumeRun(state))).toEqual(second);
  });
});

describe('the summary', () => {
  it('mid-run, after a split: changed so far, and the calls left at the least (the parts to send plus the chunks after)', () => {
    const plan = planRun('tag', TAG, openids(170));
    const left = openids(170)[80]!;
    const wechat = fakeWechat([left]);
    let state = newRunState(plan);
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    expect(summarizeRun(plan, state)).toEqual({ planned: 170, changed: 50, skipped: { gone: 0, capped: 0, foreign: 0 }, calls: 1, callsLeft: 3 });
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    // Chunk 1 split in two halves of 25, chunks 2 and 3 after them.
    expect(summarizeRun(plan, state)).toMatchObject({ changed: 50, calls: 2, callsLeft: 4 });
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    expect(summarizeRun(plan, state)).toMatchObject({ changed: 75, calls: 3, callsLeft: 3 });
  });
});

describe('resuming never tags twice', () => {
  it('an outcome applied again (a worker that died before its save finished) changes nothing', () => {
    const plan = planRun('tag', TAG, openids(60));
    const state = newRunState(plan);
    const call = nextCall(plan, state)!;
    const after = applyOutcome(plan, state, call, ACCEPTED);
    expect(applyOutcome(plan, after, call, ACCEPTED)).toBe(after);
    expect(applyOutcome(plan, after, call, GONE)).toBe(after);
  });

  it('a call of another chunk, or with other openids, is not the head and is ignored', () => {
    const plan = planRun('tag', TAG, openids(60));
    const state = newRunState(plan);
    expect(applyOutcome(plan, state, { chunk: 1, openids: plan.chunks[1]! }, ACCEPTED)).toBe(state);
    expect(applyOutcome(plan, state, { chunk: 0, openids: plan.chunks[0]!.slice(1) }, ACCEPTED)).toBe(state);
  });

  it('paused by 45009 at random points, saved after every call, resumed: every follower accepted exactly once, skipped ones never', () => {
    const random = seededRandom(16);
    const all = openids(1_000);
    const gone = all.filter(() => random() < 0.01);
    const capped = all.filter((id) => !gone.includes(id) && random() < 0.01);
    const plan = planRun('tag', TAG, all);
    const wechat = fakeWechat(gone, capped);
    let state = newRunState(plan);
    let pauses = 0;
    // The quota runs out now and then; the operator resumes the next day (a bounded number of times, so a bug fails instead of looping).
    for (let day = 0; state.status !== 'done' && day < 500; day++) {
      state = drive(plan, resumeRun(state), (call) => (random() < 0.05 ? (pauses++, QUOTA) : wechat.answer(call)));
    }
    expect(state.status).toBe('done');
    expect(pauses).toBeGreaterThan(3);
    expect(duplicates(wechat.accepted)).toEqual([]);
    const expected = all.filter((id) => !gone.includes(id) && !capped.includes(id));
    expect([...wechat.accepted].sort()).toEqual(expected);
    expect(changedOpenids(plan, state).sort()).toEqual(expected);
    expect(state.skipped.gone.sort()).toEqual(gone);
    expect(state.skipped.capped.sort()).toEqual(capped);
  });

  it('a worker stopped after a call but before saving sends exactly that call again, and nothing else twice', () => {
    const plan = planRun('tag', TAG, openids(150));
    const wechat = fakeWechat();
    let saved = newRunState(plan);
    saved = applyOutcome(plan, saved, nextCall(plan, saved)!, wechat.answer(nextCall(plan, saved)!));
    const lost = nextCall(plan, saved)!;
    wechat.answer(lost); // WeChat tagged them; the state saying so was never saved.
    const resent = nextCall(plan, saved)!;
    expect(resent).toEqual(lost);
    const state = drive(plan, saved, wechat.answer);
    expect(duplicates(wechat.accepted)).toEqual(lost.openids);
    expect(changedOpenids(plan, state)).toEqual(openids(150));
  });
});

describe('undo', () => {
  it('takes the tag off exactly the followers this run added it to: not the skipped ones, not those who had it before', () => {
    // Followers who carried the tag already were left out by the scan: they are never in the plan.
    const hadItBefore = openids(20, 9_000);
    const toTag = openids(130);
    const [left, capped] = [toTag[10]!, toTag[99]!];
    const plan = planRun('tag', TAG, toTag);
    const state = drive(plan, newRunState(plan), fakeWechat([left], [capped]).answer);
    const undo = planUndo(plan, state);
    expect(undo.op).toBe('untag');
    expect(undo.tagId).toBe(TAG);
    const untagged = undo.chunks.flat();
    expect(untagged).toEqual(toTag.filter((id) => id !== left && id !== capped));
    expect(untagged.some((id) => hadItBefore.includes(id))).toBe(false);
    expect(undo.chunks.every((chunk) => chunk.length <= 50)).toBe(true);
  });

  it('of a paused run: the finished chunks and the accepted halves of the chunk it stopped in, nothing planned after', () => {
    const plan = planRun('tag', TAG, openids(120));
    const left = openids(120)[70]!;
    const wechat = fakeWechat([left]);
    let state = newRunState(plan);
    // Chunk 0 accepted; chunk 1 refused (left), split; its first half [50..74] refused again, split; [50..62] accepted; then 45009.
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    state = applyOutcome(plan, state, nextCall(plan, state)!, wechat.answer(nextCall(plan, state)!));
    state = applyOutcome(plan, state, nextCall(plan, state)!, QUOTA);
    expect(state.status).toBe('paused');
    expect(planUndo(plan, state).chunks.flat()).toEqual(wechat.accepted);
    expect(wechat.accepted).toEqual(openids(63));
  });

  it('an undo run skips and counts a follower who left since, and changes the others', () => {
    const plan = planRun('tag', TAG, openids(40));
    const tagged = drive(plan, newRunState(plan), fakeWechat().answer);
    const undo = planUndo(plan, tagged);
    const left = openids(40)[5]!;
    const untagging = fakeWechat([left]);
    const state = drive(undo, newRunState(undo), untagging.answer);
    expect(state.skipped.gone).toEqual([left]);
    expect(changedOpenids(undo, state)).toEqual(openids(40).filter((id) => id !== left));
    expect(() => planUndo(undo, state)).toThrow('only a tagging run');
  });
});
