/**
 * A tagging run (issue #16) as pure functions, for a background runner to drive and save:
 *
 *   const plan = planRun('tag', tagId, scan.toTag);        // saved once: the openids, 50 a chunk
 *   let state = newRunState(plan);                         // small: saved after every call
 *   for (let call = nextCall(plan, state); call; call = nextCall(plan, state)) {
 *     const outcome = await send(call)                     // batchTag / batchUntag (op) with call.openids
 *       .then(() => ACCEPTED, (thrown) => ({ error: toAppError(thrown) }));
 *     state = applyOutcome(plan, state, call, outcome);
 *     await save(state);                                   // then publish progress
 *   }
 *   // state.status: 'done', or 'paused' with state.error (describeError): `resumeRun(state)` and go on.
 *   const undo = planUndo(plan, state);                    // exactly the followers this run tagged
 *
 * What a call's outcome does:
 * - accepted: its followers are done (this run added the tag to them);
 * - a refusal about one follower in the call — 40003 left the account (tag_follower_gone), 45059 has
 *   20 tags (tag_follower_cap), 49003 not this account's (tag_follower_foreign) — names nobody
 *   (contract §9), so the call is split in two halves, sent one after the other; a single follower
 *   refused is skipped and counted under its reason, never fatal;
 * - anything else (45009, 48001, a tag deleted meanwhile, the lock closed, a token source gone,
 *   WeChat or the relay down…) pauses the run with the reason, the call still to make.
 *
 * Never twice: the plan holds each openid once, and the state says which chunks are finished and
 * which parts of the current chunk are still to send; a call is applied only while it is the head of
 * the state (re-applying an old outcome changes nothing), so a resumed run starts with the call it
 * had not finished and tags nobody again. A call Chrome stopped mid-way is sent again, which is
 * harmless (tagging a follower who has the tag changes nothing, contract §9).
 *
 * Undo is a run of op 'untag' over exactly the openids this run added: the plan's followers of
 * finished calls, less the skipped ones. Followers who had the tag before were never in the plan
 * (the scan leaves them out), so undo never takes it from them.
 */
import type { AppError, ErrorCode } from '@/utils/messaging/app-error';
import { fail } from '@/utils/messaging/app-error';
import { TAG_LIMITS, isOwnTagId } from '@/utils/wechat/tags-api';

export type TagRunOp = 'tag' | 'untag';

/** Why a follower was skipped. */
export type SkipReason = 'gone' | 'capped' | 'foreign';

const SKIP_REASONS: Partial<Record<ErrorCode, SkipReason>> = {
  tag_follower_gone: 'gone',
  tag_follower_cap: 'capped',
  tag_follower_foreign: 'foreign',
};

/** What the run does: saved once, never changed. Each openid once, 50 a chunk. */
export interface TagRunPlan {
  op: TagRunOp;
  tagId: number;
  chunks: string[][];
}

export interface TagRunState {
  version: 1;
  status: 'running' | 'paused' | 'done';
  /** Why it paused. */
  error?: AppError;
  /** The chunk being sent; every chunk before it is finished. */
  chunk: number;
  /** The parts of that chunk still to send, after splits, first one next; empty: the whole chunk is. */
  parts: string[][];
  skipped: Record<SkipReason, string[]>;
  /** Calls answered (accepted or refused). */
  calls: number;
}

/** One call to make: `openids` with the plan's op and tag. */
export interface TagCall {
  chunk: number;
  openids: string[];
}

export type CallOutcome = { accepted: true } | { error: AppError };
export const ACCEPTED: CallOutcome = { accepted: true };

/** The plan of a run; tags 0/1/2 are refused (tag_system) before anything is planned. */
export function planRun(op: TagRunOp, tagId: number, openids: Iterable<string>): TagRunPlan {
  if (!isOwnTagId(tagId)) fail({ code: 'tag_system' });
  const unique = [...new Set(openids)];
  const chunks: string[][] = [];
  for (let at = 0; at < unique.length; at += TAG_LIMITS.openidsPerCall) chunks.push(unique.slice(at, at + TAG_LIMITS.openidsPerCall));
  return { op, tagId, chunks };
}

export function newRunState(plan: TagRunPlan): TagRunState {
  return { version: 1, status: plan.chunks.length === 0 ? 'done' : 'running', chunk: 0, parts: [], skipped: { gone: [], capped: [], foreign: [] }, calls: 0 };
}

/** The call the state is at; null when the run is not running or has nothing left. */
export function nextCall(plan: TagRunPlan, state: TagRunState): TagCall | null {
  if (state.status !== 'running') return null;
  const openids = state.parts[0] ?? plan.chunks[state.chunk];
  return openids ? { chunk: state.chunk, openids: [...openids] } : null;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** The state after `call` was answered; unchanged when `call` is not the state's next call (an old outcome). */
export function applyOutcome(plan: TagRunPlan, state: TagRunState, call: TagCall, outcome: CallOutcome): TagRunState {
  const head = nextCall(plan, state);
  if (!head || head.chunk !== call.chunk || !sameList(head.openids, call.openids)) return state;
  const answered = { ...state, calls: state.calls + 1 };
  if ('accepted' in outcome) return afterPart(plan, answered);
  const reason = SKIP_REASONS[outcome.error.code];
  if (!reason) return { ...answered, status: 'paused', error: outcome.error };
  if (head.openids.length > 1) {
    const half = Math.ceil(head.openids.length / 2);
    return { ...answered, parts: [head.openids.slice(0, half), head.openids.slice(half), ...state.parts.slice(1)] };
  }
  const skipped = { ...state.skipped, [reason]: [...state.skipped[reason], head.openids[0]!] };
  return afterPart(plan, { ...answered, skipped });
}

/** The head part is finished: the next part, or the next chunk, or done. */
function afterPart(plan: TagRunPlan, state: TagRunState): TagRunState {
  const parts = state.parts.slice(1);
  if (parts.length > 0) return { ...state, parts };
  const chunk = state.chunk + 1;
  return { ...state, chunk, parts: [], status: chunk >= plan.chunks.length ? 'done' : state.status };
}

/** A paused run running again, from the call it had not made. */
export function resumeRun(state: TagRunState): TagRunState {
  if (state.status !== 'paused') return state;
  const { error: _reason, ...rest } = state;
  return { ...rest, status: 'running' };
}

/** The openids this run has changed so far (tagged, or untagged for an undo), in plan order. */
export function changedOpenids(plan: TagRunPlan, state: TagRunState): string[] {
  const skipped = new Set(Object.values(state.skipped).flat());
  const finished = plan.chunks.slice(0, state.chunk).flat();
  // In the chunk being sent, after a split: what is neither still to send nor skipped was accepted.
  const current = plan.chunks[state.chunk] ?? [];
  const pending = new Set(state.parts.flat());
  const accepted = state.parts.length === 0 ? [] : current.filter((id) => !pending.has(id));
  return [...finished, ...accepted].filter((id) => !skipped.has(id));
}

/** Undo: take the tag off exactly the followers this (tagging) run added it to. */
export function planUndo(plan: TagRunPlan, state: TagRunState): TagRunPlan {
  if (plan.op !== 'tag') throw new Error('only a tagging run can be undone');
  return planRun('untag', plan.tagId, changedOpenids(plan, state));
}

export interface TagRunSummary {
  planned: number;
  changed: number;
  skipped: Record<SkipReason, number>;
  calls: number;
  /** Calls still to make, at the least (a refusal splits a call into more). */
  callsLeft: number;
}

export function summarizeRun(plan: TagRunPlan, state: TagRunState): TagRunSummary {
  const rest = state.status === 'done' ? 0 : plan.chunks.length - state.chunk - (state.parts.length > 0 ? 1 : 0) + state.parts.length;
  return {
    planned: plan.chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    changed: changedOpenids(plan, state).length,
    skipped: { gone: state.skipped.gone.length, capped: state.skipped.capped.length, foreign: state.skipped.foreign.length },
    calls: state.calls,
    callsLeft: Math.max(0, rest),
  };
}
