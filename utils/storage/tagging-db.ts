import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ChannelGroup } from '@/utils/tagging/channel-group';
import type { TagRunPlan } from '@/utils/tagging/tag-run';
import type { TaggingRun } from '@/utils/tagging/run-record';

/**
 * Tagging's own database (issue #16), apart from history and the report so each schema versions on
 * its own. Per follower it keeps only openids, and only while they matter: the current list page of
 * a scan, the followers a run will tag (its finds, then its plan), nothing else.
 */
export const TAGGING_DB_NAME = 'scene-qr-tagging';
/** 1: runs (byAppId), their list pages, finds and plans; channel groups (byAppId). */
export const TAGGING_DB_VERSION = 1;

interface TaggingSchema extends DBSchema {
  runs: { key: string; value: TaggingRun; indexes: { byAppId: string } };
  /** A scanning run's current list page (10,000 openids): written once per list call, not per batchget. */
  pages: { key: string; value: { runId: string; openids: string[] } };
  /** Followers to tag a scan found, appended per batchget answer (seq in answer order). */
  found: { key: [string, number]; value: { runId: string; seq: number; openids: string[] } };
  /** The tagging plan, written once when tagging starts. */
  plans: { key: string; value: { runId: string; plan: TagRunPlan } };
  groups: { key: string; value: ChannelGroup; indexes: { byAppId: string } };
}

let opening: Promise<IDBPDatabase<TaggingSchema>> | undefined;

export function taggingDb(): Promise<IDBPDatabase<TaggingSchema>> {
  opening ??= openDB<TaggingSchema>(TAGGING_DB_NAME, TAGGING_DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byAppId', 'appId');
      db.createObjectStore('pages', { keyPath: 'runId' });
      db.createObjectStore('found', { keyPath: ['runId', 'seq'] });
      db.createObjectStore('plans', { keyPath: 'runId' });
      db.createObjectStore('groups', { keyPath: 'id' }).createIndex('byAppId', 'appId');
    },
  });
  return opening;
}

/** For tests that delete the database between cases. */
export async function closeTaggingDb(): Promise<void> {
  (await opening)?.close();
  opening = undefined;
}

/**
 * One scan step in one transaction: the run, the page when a list call replaced it, the step's finds.
 * A worker stopped between two steps finds the run exactly as after the last one.
 */
export async function saveScanStep(run: TaggingRun, page: string[] | undefined, found: { seq: number; openids: string[] } | undefined): Promise<void> {
  const tx = (await taggingDb()).transaction(['runs', 'pages', 'found'], 'readwrite');
  const writes: Promise<unknown>[] = [tx.objectStore('runs').put(run)];
  if (page) writes.push(tx.objectStore('pages').put({ runId: run.id, openids: page }));
  if (found && found.openids.length > 0) writes.push(tx.objectStore('found').put({ runId: run.id, ...found }));
  await Promise.all([...writes, tx.done]);
}

export async function saveRun(run: TaggingRun): Promise<void> {
  await (await taggingDb()).put('runs', run);
}

export async function loadRun(id: string): Promise<TaggingRun | undefined> {
  return (await taggingDb()).get('runs', id);
}

export async function runsOfAccount(appId: string): Promise<TaggingRun[]> {
  return (await taggingDb()).getAllFromIndex('runs', 'byAppId', appId);
}

export async function allRuns(): Promise<TaggingRun[]> {
  return (await taggingDb()).getAll('runs');
}

export async function loadPage(runId: string): Promise<string[]> {
  return (await (await taggingDb()).get('pages', runId))?.openids ?? [];
}

/** Every follower the scan found to tag, in the order found. */
export async function loadFound(runId: string): Promise<string[]> {
  const rows = await (await taggingDb()).getAll('found', IDBKeyRange.bound([runId, 0], [runId, Infinity]));
  return rows.flatMap((row) => row.openids);
}

/** Tagging starts: the plan is written once with the run, and the scan's page and finds go. */
export async function startTaggingPhase(run: TaggingRun, plan: TagRunPlan): Promise<void> {
  const tx = (await taggingDb()).transaction(['runs', 'pages', 'found', 'plans'], 'readwrite');
  await Promise.all([
    tx.objectStore('runs').put(run),
    tx.objectStore('plans').put({ runId: run.id, plan }),
    tx.objectStore('pages').delete(run.id),
    tx.objectStore('found').delete(IDBKeyRange.bound([run.id, 0], [run.id, Infinity])),
    tx.done,
  ]);
}

export async function loadPlan(runId: string): Promise<TagRunPlan | undefined> {
  return (await (await taggingDb()).get('plans', runId))?.plan;
}

/** A cancelled scan keeps no openids. */
export async function dropScanData(runId: string): Promise<void> {
  const tx = (await taggingDb()).transaction(['pages', 'found'], 'readwrite');
  await Promise.all([tx.objectStore('pages').delete(runId), tx.objectStore('found').delete(IDBKeyRange.bound([runId, 0], [runId, Infinity])), tx.done]);
}

/** The account's channel groups, oldest first (the order they were made in). */
export async function channelGroups(appId: string): Promise<ChannelGroup[]> {
  return (await (await taggingDb()).getAllFromIndex('groups', 'byAppId', appId)).sort((a, b) => a.createdAt - b.createdAt);
}

export async function saveChannelGroup(group: ChannelGroup): Promise<void> {
  await (await taggingDb()).put('groups', group);
}

export async function deleteChannelGroup(id: string): Promise<void> {
  await (await taggingDb()).delete('groups', id);
}
