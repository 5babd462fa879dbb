import type { BatchProgress } from '@/utils/batch/job';
import type { RefreshProgress } from '@/utils/report/refresh-types';
import type { SyncStatus } from '@/utils/sync/sync-status';
import type { TaggingView } from '@/utils/tagging/run-record';
import { jobProgressItem } from '@/utils/storage/items';

/**
 * The one way a background job's progress reaches the pages: the background publishes, pages watch
 * (through components/jobs/useJobProgress.ts). Each kind of job has its progress type here, and
 * each job its key. A new kind of job adds one line to the map.
 *
 * Record changes between pages (history's change feed, utils/history/changes.ts) are not progress
 * and stay a BroadcastChannel: they carry records, come from any page as well as the background, and
 * matter only to pages open at that moment; progress is state a page opened later must still read.
 */
export interface JobProgressMap {
  /** Keyed by the batch's id. */
  batch: BatchProgress;
  /** Keyed by the account's AppID: the report refresh of that account. */
  report: RefreshProgress;
  /** Keyed by the account's AppID: its sync through WebDAV (last synced, changes waiting, error). */
  sync: SyncStatus;
  /** Keyed by the account's AppID: its tagging run (issue #16). */
  tagging: TaggingView;
}

export type JobKind = keyof JobProgressMap;
export type JobProgress<K extends JobKind> = JobProgressMap[K];

const item = <K extends JobKind>(kind: K, key: string) => jobProgressItem<JobProgress<K>>(kind, key);

/** The background's side: the job's latest progress, or null once the job is gone (its item is removed). */
export async function publishJobProgress<K extends JobKind>(kind: K, key: string, progress: JobProgress<K> | null): Promise<void> {
  if (progress === null) await item(kind, key).removeValue();
  else await item(kind, key).setValue(progress);
}

/** What was last published for the job; null when nothing is (never published this browser session, or gone). */
export function readJobProgress<K extends JobKind>(kind: K, key: string): Promise<JobProgress<K> | null> {
  return item(kind, key).getValue();
}

/** Calls `listener` with every publication for the job (null: gone); returns the unsubscribe. */
export function watchJobProgress<K extends JobKind>(kind: K, key: string, listener: (progress: JobProgress<K> | null) => void): () => void {
  return item(kind, key).watch((next) => listener(next));
}
