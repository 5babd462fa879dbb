import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { AppError } from '@/utils/messaging/app-error';
import type { RecentCounts, ReportCursor, SceneCounts, SceneKey } from '@/utils/report/follower-report';

/**
 * The channel report's own database (issue #8), apart from the history database `scene-qr` so the
 * two schemas version independently. Only counts per scene and, while a refresh runs, the openids of
 * the current list page are kept: no nicknames, avatars or per-follower details.
 */
export const REPORT_DB_NAME = 'scene-qr-reports';
/** 1: refreshes, pages and snapshots, each keyed by appId. */
export const REPORT_DB_VERSION = 1;

export type RefreshStatus =
  /** The first list page is read: the page shows the calls it will take and waits for "start". */
  | 'confirm'
  | 'running'
  | 'paused'
  /** Stopped by 45009: what was read is kept; resume after the quota resets. */
  | 'quota'
  /** Stopped by another error (network, token, 48001…): resume when fixed, or cancel. */
  | 'failed';

/** An unfinished refresh. The cursor's `page` lives in the `pages` store (written once per list call). */
export interface StoredRefresh {
  appId: string;
  status: RefreshStatus;
  cursor: ReportCursor;
  startedAt: number;
  /** Time spent refreshing (running), not paused or stopped. */
  activeMs: number;
  calls: { list: number; details: number };
  error?: AppError;
}

/** A complete refresh: counts per scene, joined with history when shown (so renamed codes show their new label). */
export interface ReportSnapshot {
  appId: string;
  /** The report's clock: when the refresh started; the 7- and 30-day windows end here. */
  takenAt: number;
  finishedAt: number;
  activeMs: number;
  calls: { list: number; details: number };
  /** WeChat's follower total from the last list page. */
  total: number;
  counts: Record<SceneKey, SceneCounts>;
  otherSources: number;
  /** Absent in snapshots taken before these windows were counted. */
  otherRecent?: RecentCounts;
  unfollowed: number;
}

interface ReportSchema extends DBSchema {
  refreshes: { key: string; value: Omit<StoredRefresh, 'cursor'> & { cursor: Omit<ReportCursor, 'page'> } };
  pages: { key: string; value: { appId: string; openids: string[] } };
  snapshots: { key: string; value: ReportSnapshot };
}

let opening: Promise<IDBPDatabase<ReportSchema>> | undefined;

/** Opened lazily, once per page or worker. */
export function reportDb(): Promise<IDBPDatabase<ReportSchema>> {
  opening ??= openDB<ReportSchema>(REPORT_DB_NAME, REPORT_DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('refreshes', { keyPath: 'appId' });
      db.createObjectStore('pages', { keyPath: 'appId' });
      db.createObjectStore('snapshots', { keyPath: 'appId' });
    },
  });
  return opening;
}

/** For tests that delete the database between cases. */
export async function closeReportDb(): Promise<void> {
  const db = await opening;
  db?.close();
  opening = undefined;
}

/**
 * Saves a refresh. `withPage` also writes the cursor's page of openids (after a list call); between
 * list calls only the small progress record is written, so saving after every step stays cheap.
 */
export async function saveRefresh(refresh: StoredRefresh, withPage: boolean): Promise<void> {
  const tx = (await reportDb()).transaction(['refreshes', 'pages'], 'readwrite');
  const { page, ...cursor } = refresh.cursor;
  const writes: Promise<unknown>[] = [tx.objectStore('refreshes').put({ ...refresh, cursor })];
  if (withPage) writes.push(tx.objectStore('pages').put({ appId: refresh.appId, openids: page }));
  await Promise.all([...writes, tx.done]);
}

export async function loadRefresh(appId: string): Promise<StoredRefresh | undefined> {
  const tx = (await reportDb()).transaction(['refreshes', 'pages']);
  const [stored, page] = await Promise.all([tx.objectStore('refreshes').get(appId), tx.objectStore('pages').get(appId), tx.done]);
  if (!stored || stored.cursor.version !== 1) return undefined;
  return { ...stored, cursor: { ...stored.cursor, page: stored.cursor.phase === 'details' ? (page?.openids ?? []) : [] } };
}

/** The refresh without its page of openids: enough for progress, and cheap to read often. */
export async function loadRefreshProgress(appId: string): Promise<(Omit<StoredRefresh, 'cursor'> & { cursor: Omit<ReportCursor, 'page'> }) | undefined> {
  const stored = await (await reportDb()).get('refreshes', appId);
  return stored?.cursor.version === 1 ? stored : undefined;
}

/** Every unfinished refresh's account and status (to resume the running ones when the worker starts). */
export async function refreshStatuses(): Promise<{ appId: string; status: RefreshStatus }[]> {
  const all = await (await reportDb()).getAll('refreshes');
  return all.map(({ appId, status }) => ({ appId, status }));
}

export async function deleteRefresh(appId: string): Promise<void> {
  const tx = (await reportDb()).transaction(['refreshes', 'pages'], 'readwrite');
  await Promise.all([tx.objectStore('refreshes').delete(appId), tx.objectStore('pages').delete(appId), tx.done]);
}

/** A finished refresh replaces the account's snapshot and disappears, in one transaction. */
export async function completeRefresh(snapshot: ReportSnapshot): Promise<void> {
  const tx = (await reportDb()).transaction(['refreshes', 'pages', 'snapshots'], 'readwrite');
  await Promise.all([
    tx.objectStore('snapshots').put(snapshot),
    tx.objectStore('refreshes').delete(snapshot.appId),
    tx.objectStore('pages').delete(snapshot.appId),
    tx.done,
  ]);
}

/**
 * A snapshot another job read (a tagging scan walks every follower as a refresh does): stored unless
 * a refresh of the account is unfinished (the operator started it; it stores its own when it ends)
 * or the stored snapshot is newer. Checked and written in one transaction. True when stored.
 */
export async function offerSnapshot(snapshot: ReportSnapshot): Promise<boolean> {
  const tx = (await reportDb()).transaction(['refreshes', 'snapshots'], 'readwrite');
  const [unfinished, stored] = await Promise.all([tx.objectStore('refreshes').get(snapshot.appId), tx.objectStore('snapshots').get(snapshot.appId)]);
  const take = !unfinished && (!stored || stored.takenAt <= snapshot.takenAt);
  if (take) await tx.objectStore('snapshots').put(snapshot);
  await tx.done;
  return take;
}

export async function loadSnapshot(appId: string): Promise<ReportSnapshot | undefined> {
  return (await reportDb()).get('snapshots', appId);
}
