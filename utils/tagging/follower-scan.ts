/**
 * Reading which current followers a channel group matches, and what they carry (issue #16). The walk
 * is the report refresh's own cursor (utils/report/follower-report.ts: list pages of 10,000, then
 * batchget 100 at a time, resumable, re-applying a batch changes nothing), and each batchget answer
 * is also sorted here by the follower's scene and `tagid_list`:
 * - matched: subscribed, and the scene of their latest follow is one of the group's;
 * - already tagged: `tagid_list` holds the tag (applying a group again tags only the others);
 * - at the cap: 20 tags already (contract §9), which WeChat would refuse (45059);
 * - to tag: the rest, in list order.
 * The scene keys are fixed when the scan starts, so a resumed scan matches the same codes. Per-user
 * data is kept only for the followers to tag (their openids), never for the others. As a by-product
 * the cursor's counts are a complete report refresh: the runner stores them as the report's snapshot.
 */
import {
  type ReportCursor,
  type SceneKey,
  applyBatch,
  applyListPage,
  followerSceneKey,
  newReportCursor,
  nextDetailBatch,
  toFollowerFacts,
} from '@/utils/report/follower-report';
import type { FollowerListPage } from '@/utils/wechat/follower-api';
import { TAG_LIMITS } from '@/utils/wechat/tags-api';

export interface TagScan {
  version: 1;
  tagId: number;
  /** The group's scene keys, resolved once (channel-group.ts resolveRule). */
  scenes: SceneKey[];
  cursor: ReportCursor;
  matched: number;
  alreadyTagged: number;
  atCap: number;
  /** Matched followers without the tag and under the cap, in list order. */
  toTag: string[];
  /** The calls the scan made, counted by the runner (for the report snapshot it leaves); absent in scans stored before. */
  calls?: { list: number; details: number };
}

export function newTagScan(tagId: number, scenes: Iterable<SceneKey>, now: number): TagScan {
  return {
    version: 1,
    tagId,
    scenes: [...new Set(scenes)],
    cursor: newReportCursor(now),
    matched: 0,
    alreadyTagged: 0,
    atCap: 0,
    toTag: [],
    calls: { list: 0, details: 0 },
  };
}

/** The follower's tag ids from a batchget entry (numbers; digit strings are read too). */
export function tagIdsOf(raw: unknown): number[] {
  const list = (raw as { tagid_list?: unknown } | null)?.tagid_list;
  if (!Array.isArray(list)) return [];
  return list.map(Number).filter((id) => Number.isInteger(id) && id >= 0);
}

export function applyScanListPage(scan: TagScan, answer: FollowerListPage): TagScan {
  return { ...scan, cursor: applyListPage(scan.cursor, answer) };
}

/** The openids of the next batchget call; empty when the scan is not detailing. */
export function nextScanBatch(scan: TagScan): string[] {
  return nextDetailBatch(scan.cursor);
}

/**
 * Sorts a batchget answer for the batch taken at `batchOffset` (the cursor's detailOffset then).
 * A batch already applied changes nothing, as in the report; only openids of the batch count, once.
 */
export function applyScanBatch(scan: TagScan, users: readonly unknown[], batchOffset: number = scan.cursor.detailOffset): TagScan {
  if (scan.cursor.phase !== 'details' || batchOffset < scan.cursor.detailOffset) return scan;
  const wanted = new Set(nextDetailBatch(scan.cursor));
  const cursor = applyBatch(scan.cursor, users, batchOffset);
  const scenes = new Set(scan.scenes);
  let { matched, alreadyTagged, atCap } = scan;
  const toTag = [...scan.toTag];
  for (const raw of users) {
    const user = toFollowerFacts(raw);
    if (!user || !wanted.delete(user.openid) || user.subscribe !== 1) continue;
    const key = followerSceneKey(user);
    if (key === undefined || !scenes.has(key)) continue;
    matched += 1;
    const tagIds = tagIdsOf(raw);
    if (tagIds.includes(scan.tagId)) alreadyTagged += 1;
    else if (tagIds.length >= TAG_LIMITS.tagsPerFollower) atCap += 1;
    else toTag.push(user.openid);
  }
  return { ...scan, cursor, matched, alreadyTagged, atCap, toTag };
}

export const scanDone = (scan: TagScan) => scan.cursor.phase === 'done';
