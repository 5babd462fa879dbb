import { DETAIL_BATCH_SIZE, LIST_PAGE_SIZE, type ReportCursor } from './follower-report';
import type { RefreshProgress } from './refresh-types';
import type { StoredRefresh } from '@/utils/storage/report-db';

/**
 * Calls still needed: list pages for the openids not yet listed, plus WeChat's closing call that
 * answers count 0; one batchget per 100 followers not yet detailed.
 */
export function callsLeft(cursor: Omit<ReportCursor, 'page'>): { list: number; details: number } {
  if (cursor.phase === 'done') return { list: 0, details: 0 };
  const unlisted = Math.max(0, cursor.total - cursor.openidsRead);
  const listing = cursor.phase === 'list' || cursor.nextOpenid !== '';
  return {
    list: listing ? Math.ceil(unlisted / LIST_PAGE_SIZE) + 1 : 0,
    details: Math.ceil(Math.max(0, cursor.total - cursor.detailed) / DETAIL_BATCH_SIZE),
  };
}

/** Progress needs no openids: the page of the cursor may be left out (see loadRefreshProgress). */
export function toProgress(refresh: Omit<StoredRefresh, 'cursor'> & { cursor: Omit<ReportCursor, 'page'> }): RefreshProgress {
  const { cursor, activeMs } = refresh;
  const progress: RefreshProgress = {
    appId: refresh.appId,
    status: refresh.status,
    total: cursor.total,
    detailed: cursor.detailed,
    startedAt: refresh.startedAt,
    activeMs,
    calls: refresh.calls,
    callsLeft: callsLeft(cursor),
    ...(refresh.error && { error: refresh.error }),
  };
  if (cursor.detailed > 0) progress.msLeft = Math.round((activeMs / cursor.detailed) * Math.max(0, cursor.total - cursor.detailed));
  return progress;
}
