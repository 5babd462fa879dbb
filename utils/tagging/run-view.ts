import { callsLeft } from '@/utils/report/refresh-progress';
import { taggingCalls } from './preview';
import type { TaggingRun, TaggingView } from './run-record';

/**
 * What pages are told of a run, from its record alone (never its openids): cheap enough to publish
 * after every call of a run over 200,000 followers.
 */
export function taggingView(run: TaggingRun): TaggingView {
  const cursor = run.scan?.cursor;
  const reading = cursor ? callsLeft(cursor) : { list: 0, details: 0 };
  const { state } = run;
  const toTag = run.planned ?? run.toTagFound;
  const chunks = run.chunks ?? 0;
  const tagCallsLeft = !state
    ? taggingCalls(toTag)
    : state.status === 'done'
      ? 0
      : chunks - state.chunk - (state.parts.length > 0 ? 1 : 0) + state.parts.length;
  const summary = state && {
    planned: run.planned ?? 0,
    changed: run.changed ?? 0,
    skipped: { gone: state.skipped.gone.length, capped: state.skipped.capped.length, foreign: state.skipped.foreign.length },
    calls: state.calls,
    callsLeft: Math.max(0, tagCallsLeft),
  };
  const callsMade = (run.steps ?? 0) + (state?.calls ?? 0);
  const callsToGo = reading.list + reading.details + Math.max(0, tagCallsLeft);
  const running = run.phase === 'scanning' || run.phase === 'tagging';
  return {
    id: run.id,
    accountId: run.accountId,
    appId: run.appId,
    op: run.op,
    tagId: run.tagId,
    tagName: run.tagName,
    ...(run.groupId && { groupId: run.groupId }),
    phase: run.phase,
    paused: run.paused,
    ...(run.error && { error: run.error }),
    read: { done: cursor?.detailed ?? 0, total: cursor?.total ?? 0, calls: run.steps ?? 0 },
    preview: {
      matching: run.scan?.matched ?? toTag,
      alreadyTagged: run.scan ? run.scan.alreadyTagged : null,
      atCap: run.scan ? run.scan.atCap : null,
      toTag,
      calls: { list: reading.list, batchget: reading.details, tagging: Math.max(0, tagCallsLeft), total: callsToGo },
      exact: run.phase !== 'scanning',
    },
    ...(summary && { summary }),
    // The rate so far over the calls still to make; unknown before the first call.
    msLeft: running && callsMade > 0 ? Math.round((run.activeMs / callsMade) * callsToGo) : null,
    ...(run.undoOf && { undoOf: run.undoOf }),
    ...(run.undoneBy && { undoneBy: run.undoneBy }),
    ...(run.finishedAt && { finishedAt: run.finishedAt }),
    ...(run.reportStored && { reportStored: true }),
  };
}
