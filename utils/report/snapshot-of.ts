import type { ReportSnapshot } from '@/utils/storage/report-db';
import type { ReportCursor } from './follower-report';

/** What a finished walk over every follower cost: stored with the snapshot it made. */
export type WalkSpent = Pick<ReportSnapshot, 'finishedAt' | 'activeMs' | 'calls'>;

/**
 * A finished cursor as the report's snapshot: its counts and its clock. The report refresh makes one,
 * and so does a tagging scan, which walks the same cursor over every follower (utils/tagging/follower-scan.ts).
 */
export function snapshotOf(appId: string, cursor: Omit<ReportCursor, 'page'>, spent: WalkSpent): ReportSnapshot {
  return {
    appId,
    takenAt: cursor.now,
    ...spent,
    total: cursor.total,
    counts: cursor.counts,
    otherSources: cursor.otherSources,
    ...(cursor.otherRecent && { otherRecent: cursor.otherRecent }),
    unfollowed: cursor.unfollowed,
  };
}
