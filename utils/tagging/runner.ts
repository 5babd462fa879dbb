/**
 * Tagging runs in the background (issue #16): the scan, the wait for Start, the tagging, the undo.
 * Every step is saved before the next one starts (the scan per call in one transaction with its
 * finds, the tagging state per call), so a page may close and a worker Chrome stopped picks the run
 * up where it was (`resumeUnfinished`); tag-run.ts makes sure nobody is tagged twice. Any error pauses
 * the run with the reason, kept for Resume: 45009 until the reset, a closed lock until it is opened.
 * This file is the control (start, confirm, pause, resume, cancel, undo) and the loops that drive it.
 */
import { AppFailure, fail, toAppError } from '@/utils/messaging/app-error';
import type { AccountClient } from '@/utils/wechat/client';
import {
  allRuns,
  dropScanData,
  loadFound,
  loadPage,
  loadPlan,
  loadRun,
  runsOfAccount,
  saveRun,
  saveScanStep,
  startTaggingPhase,
} from '@/utils/storage/tagging-db';
import { type TagScan, applyScanBatch, applyScanListPage, newTagScan, nextScanBatch, scanDone } from './follower-scan';
import type { TaggingRun, TaggingView } from './run-record';
import { taggingView } from './run-view';
import { ACCEPTED, type TagRunPlan, applyOutcome, newRunState, nextCall, planRun, planUndo, resumeRun } from './tag-run';
import type { ChannelRule } from './channel-group';
import type { SceneKey } from '@/utils/report/follower-report';
import { snapshotOf } from '@/utils/report/snapshot-of';
import { offerSnapshot } from '@/utils/storage/report-db';

export type TaggingClient = Pick<AccountClient, 'followerList' | 'followerDetails' | 'batchTag' | 'batchUntag'>;

export interface TaggingRunnerDeps {
  /** The run's own account's calls (read by the run's account id, once per drive). */
  clientFor(run: TaggingRun): Promise<TaggingClient>;
  publish(appId: string, view: TaggingView | null): Promise<void>;
  now?: () => number;
}

export interface StartTagging {
  accountId: string;
  appId: string;
  rule: ChannelRule;
  scenes: Iterable<SceneKey>;
  tagId: number;
  tagName: string;
  groupId?: string;
}

/** How often progress reaches the pages while a run goes; phase and pause changes go at once. */
const PUBLISH_EVERY_MS = 250;
const UNFINISHED = new Set(['scanning', 'confirm', 'tagging']);
const DRIVEN = new Set(['scanning', 'tagging']);

interface ActiveRun {
  stop?: 'pause' | 'cancel';
  finished: Promise<void>;
}

const storedScan = ({ cursor: { page: _page, ...cursor }, toTag: _toTag, ...scan }: TagScan): TaggingRun['scan'] => ({ ...scan, cursor });

const countCall = (calls: TagScan['calls'] = { list: 0, details: 0 }, list: boolean) =>
  list ? { ...calls, list: calls.list + 1 } : { ...calls, details: calls.details + 1 };

/**
 * A finished scan has read every follower as a report refresh does: its counts become the channel
 * report's snapshot, so the operator need not read them all again (report-db offerSnapshot: never
 * over a refresh the operator has unfinished, nor over a newer snapshot). The scan stands whatever
 * happens here: a failed write only means the report stays as it was.
 */
async function leaveReportSnapshot(run: TaggingRun, scan: TagScan, finishedAt: number): Promise<boolean> {
  const spent = { finishedAt, activeMs: run.activeMs, calls: scan.calls ?? { list: 0, details: 0 } };
  return offerSnapshot(snapshotOf(run.appId, scan.cursor, spent)).catch((thrown: unknown) => {
    console.error('tagging: report snapshot', thrown);
    return false;
  });
}

export function createTaggingRunner(deps: TaggingRunnerDeps) {
  const now = deps.now ?? Date.now;
  const active = new Map<string, ActiveRun>();
  const lastPublished = new Map<string, number>();

  async function publish(run: TaggingRun, force: boolean): Promise<void> {
    if (!force && now() - (lastPublished.get(run.id) ?? -Infinity) < PUBLISH_EVERY_MS) return;
    lastPublished.set(run.id, now());
    await deps.publish(run.appId, taggingView(run)).catch(() => {});
  }

  async function pauseWith(run: TaggingRun, error: unknown): Promise<TaggingRun> {
    const paused = { ...run, paused: true, error: toAppError(error) };
    await saveRun(paused);
    await publish(paused, true);
    return paused;
  }

  async function scanLoop(start: TaggingRun, client: TaggingClient, job: ActiveRun): Promise<TaggingRun> {
    let run = start;
    let scan: TagScan = { ...run.scan!, cursor: { ...run.scan!.cursor, page: await loadPage(run.id) }, toTag: [] };
    while (!job.stop) {
      const began = now();
      const listCall = scan.cursor.phase === 'list';
      try {
        scan = listCall
          ? applyScanListPage(scan, await client.followerList(scan.cursor.nextOpenid))
          : applyScanBatch(scan, await client.followerDetails(nextScanBatch(scan)));
      } catch (thrown) {
        return pauseWith(run, thrown);
      }
      scan = { ...scan, calls: countCall(scan.calls, listCall) };
      // The finds go to their own rows: the run's record stays small however many followers match.
      const found = scan.toTag;
      scan = { ...scan, toTag: [] };
      const done = scanDone(scan);
      run = {
        ...run,
        scan: storedScan(scan),
        toTagFound: run.toTagFound + found.length,
        steps: run.steps + 1,
        activeMs: run.activeMs + (now() - began),
        ...(done && { phase: 'confirm' as const }),
      };
      if (done) run = { ...run, reportStored: await leaveReportSnapshot(run, scan, now()) };
      await saveScanStep(run, listCall ? scan.cursor.page : undefined, { seq: run.steps, openids: found });
      await publish(run, done);
      if (done) break;
    }
    return run;
  }

  async function tagLoop(start: TaggingRun, client: TaggingClient, job: ActiveRun): Promise<TaggingRun> {
    let run = start;
    const plan = await loadPlan(run.id);
    if (!plan || !run.state) return pauseWith(run, new AppFailure({ code: 'internal', params: ['tagging plan missing'] }));
    const send = plan.op === 'tag' ? client.batchTag : client.batchUntag;
    let state = run.state;
    for (let call = nextCall(plan, state); call && !job.stop; call = nextCall(plan, state)) {
      const began = now();
      const outcome = await send(plan.tagId, call.openids).then(
        () => ACCEPTED,
        (thrown: unknown) => ({ error: toAppError(thrown) }),
      );
      const before = state;
      state = applyOutcome(plan, state, call, outcome);
      const accepted = 'accepted' in outcome && state !== before ? call.openids.length : 0;
      run = {
        ...run,
        state,
        changed: (run.changed ?? 0) + accepted,
        activeMs: run.activeMs + (now() - began),
        ...(state.status === 'paused' && { paused: true, error: state.error }),
        ...(state.status === 'done' && { phase: 'done' as const, finishedAt: now() }),
      };
      await saveRun(run);
      await publish(run, state.status !== 'running');
    }
    return run;
  }

  async function drive(runId: string, job: ActiveRun): Promise<void> {
    let run = await loadRun(runId);
    if (!run || run.paused || !DRIVEN.has(run.phase)) return;
    let client: TaggingClient;
    try {
      client = await deps.clientFor(run);
    } catch (thrown) {
      await pauseWith(run, thrown);
      return;
    }
    if (run.phase === 'scanning') run = await scanLoop(run, client, job);
    if (run.phase === 'tagging' && !run.paused && !job.stop) run = await tagLoop(run, client, job);
    if (job.stop === 'pause' && DRIVEN.has(run.phase) && !run.paused) {
      run = { ...run, paused: true };
      await saveRun(run);
      await publish(run, true);
    }
  }

  /** Drives the run unless this worker already does; resolves when it stops. */
  function ensureRunning(runId: string): Promise<void> {
    const existing = active.get(runId);
    if (existing) return existing.finished;
    const job: ActiveRun = { finished: Promise.resolve() };
    job.finished = drive(runId, job)
      .catch((thrown: unknown) => console.error('tagging run', thrown))
      .finally(() => active.delete(runId));
    active.set(runId, job);
    return job.finished;
  }

  /** Stops this worker's drive of the run (if any) and waits until its last call has landed and been saved. */
  async function halt(runId: string, stop: 'pause' | 'cancel'): Promise<void> {
    const job = active.get(runId);
    if (!job) return;
    job.stop = stop;
    await job.finished;
  }

  async function runOrFail(runId: string): Promise<TaggingRun> {
    return (await loadRun(runId)) ?? fail({ code: 'tagging_missing' });
  }

  async function changed(run: TaggingRun): Promise<TaggingView> {
    await saveRun(run);
    await publish(run, true);
    return taggingView(run);
  }

  return {
    /** The account's unfinished run, else its latest one (for its summary and undo); null when it has none. */
    async current(appId: string): Promise<TaggingView | null> {
      const runs = (await runsOfAccount(appId)).sort((a, b) => b.createdAt - a.createdAt);
      const run = runs.find((one) => UNFINISHED.has(one.phase)) ?? runs[0];
      return run ? taggingView(run) : null;
    },

    /** Starts reading the followers for a group; an unfinished run of the account is answered instead (one at a time). */
    async start(input: StartTagging): Promise<TaggingView> {
      const unfinished = (await runsOfAccount(input.appId)).find((one) => UNFINISHED.has(one.phase));
      if (unfinished) return taggingView(unfinished);
      const scan = newTagScan(input.tagId, input.scenes, now());
      const run: TaggingRun = {
        id: crypto.randomUUID(),
        accountId: input.accountId,
        appId: input.appId,
        op: 'tag',
        tagId: input.tagId,
        tagName: input.tagName,
        ...(input.groupId && { groupId: input.groupId }),
        rule: input.rule,
        phase: 'scanning',
        paused: false,
        scan: storedScan(scan),
        toTagFound: 0,
        steps: 0,
        createdAt: now(),
        activeMs: 0,
      };
      await saveScanStep(run, [], undefined);
      await publish(run, true);
      void ensureRunning(run.id);
      return taggingView(run);
    },

    /** Start, after the exact preview: the plan is made from the scan's finds and saved once. */
    async confirm(runId: string): Promise<TaggingView> {
      const run = await runOrFail(runId);
      if (run.phase !== 'confirm') return taggingView(run);
      const plan = planRun('tag', run.tagId, await loadFound(run.id));
      const state = newRunState(plan);
      const next: TaggingRun = {
        ...run,
        phase: state.status === 'done' ? 'done' : 'tagging',
        state,
        planned: plan.chunks.reduce((sum, chunk) => sum + chunk.length, 0),
        chunks: plan.chunks.length,
        changed: 0,
        ...(state.status === 'done' && { finishedAt: now() }),
      };
      await startTaggingPhase(next, plan);
      await publish(next, true);
      void ensureRunning(next.id);
      return taggingView(next);
    },

    async pause(runId: string): Promise<TaggingView> {
      await halt(runId, 'pause');
      const run = await runOrFail(runId);
      if (!DRIVEN.has(run.phase) || run.paused) return taggingView(run);
      return changed({ ...run, paused: true });
    },

    /** Goes on where it stopped, after a pause or an error (a 45009 after the reset, the lock opened). */
    async resume(runId: string): Promise<TaggingView> {
      await active.get(runId)?.finished;
      const run = await runOrFail(runId);
      if (!DRIVEN.has(run.phase) || !run.paused) return taggingView(run);
      const { error: _reason, ...rest } = run;
      const view = await changed({ ...rest, paused: false, ...(run.state && { state: resumeRun(run.state) }) });
      void ensureRunning(runId);
      return view;
    },

    /** Stops for good; what was tagged stays tagged (Undo takes it back). A scan's openids are dropped. */
    async cancel(runId: string): Promise<TaggingView> {
      await halt(runId, 'cancel');
      const run = await runOrFail(runId);
      if (!UNFINISHED.has(run.phase)) return taggingView(run);
      if (run.phase !== 'tagging') await dropScanData(run.id);
      const { error: _reason, ...rest } = run;
      return changed({ ...rest, phase: 'cancelled', paused: false, finishedAt: now() });
    },

    /** Takes the tag off exactly the followers the run added it to, as a run of its own. */
    async undo(runId: string): Promise<TaggingView> {
      const run = await runOrFail(runId);
      if (run.op !== 'tag' || !run.state || run.undoneBy || (run.phase !== 'done' && run.phase !== 'cancelled')) fail({ code: 'tagging_undo_unavailable' });
      const unfinished = (await runsOfAccount(run.appId)).find((one) => UNFINISHED.has(one.phase));
      if (unfinished) return taggingView(unfinished);
      const plan: TagRunPlan | undefined = await loadPlan(run.id);
      if (!plan) fail({ code: 'tagging_undo_unavailable' });
      const undoPlan = planUndo(plan, run.state);
      const state = newRunState(undoPlan);
      const undo: TaggingRun = {
        id: crypto.randomUUID(),
        accountId: run.accountId,
        appId: run.appId,
        op: 'untag',
        tagId: run.tagId,
        tagName: run.tagName,
        ...(run.groupId && { groupId: run.groupId }),
        phase: state.status === 'done' ? 'done' : 'tagging',
        paused: false,
        toTagFound: 0,
        steps: 0,
        state,
        planned: undoPlan.chunks.reduce((sum, chunk) => sum + chunk.length, 0),
        chunks: undoPlan.chunks.length,
        changed: 0,
        undoOf: run.id,
        createdAt: now(),
        activeMs: 0,
        ...(state.status === 'done' && { finishedAt: now() }),
      };
      await startTaggingPhase(undo, undoPlan);
      await saveRun({ ...run, undoneBy: undo.id });
      await publish(undo, true);
      void ensureRunning(undo.id);
      return taggingView(undo);
    },

    /** Every run left going when the worker stopped (called when it starts). */
    async resumeUnfinished(): Promise<void> {
      const runs = await allRuns();
      await Promise.all(runs.filter((run) => DRIVEN.has(run.phase) && !run.paused).map((run) => ensureRunning(run.id)));
    },

    /** Resolves when this worker's drive of the run (if any) has stopped: for tests. */
    settled: (runId: string): Promise<void> => active.get(runId)?.finished ?? Promise.resolve(),
  };
}

export type TaggingRunner = ReturnType<typeof createTaggingRunner>;
