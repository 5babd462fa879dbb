/**
 * What tagging a channel group will do, before any tag call (issue #16): how many current followers
 * match, how many already carry the tag, how many can take no more tags (20), how many calls it takes.
 *
 * Two moments:
 * - `estimatePreview`, from the report's last counts, before the followers are read: who matches is
 *   known per scene, who carries which tag is not (null), and the calls include reading every
 *   follower again (user/get + batchget), since the report keeps no per-user data. `toTag` is then
 *   an upper bound.
 * - `scanPreview`, from a follower scan (follower-scan.ts): exact once the scan is done; while it
 *   runs, the counts so far and the reading calls left.
 * Tagging calls are ⌈to tag ÷ 50⌉: the least it can take. A follower who left or reached the cap
 * meanwhile costs about a dozen more (the call is split in halves until it is found, tag-run.ts).
 */
import type { SceneCounts, SceneKey } from '@/utils/report/follower-report';
import { callsLeft } from '@/utils/report/refresh-progress';
import { newReportCursor } from '@/utils/report/follower-report';
import { TAG_LIMITS } from '@/utils/wechat/tags-api';
import { type TagScan, scanDone } from './follower-scan';

export interface TaggingCalls {
  /** user/get pages still to read (WeChat's closing empty page included). */
  list: number;
  /** batchget calls still to make. */
  batchget: number;
  /** batchtagging calls, at the least. */
  tagging: number;
  total: number;
}

export interface TaggingPreview {
  /** Current followers the group matches (so far, while a scan runs). */
  matching: number;
  /** Of those, carrying the tag already; null until the followers are read. */
  alreadyTagged: number | null;
  /** Of the others, with 20 tags already; null until the followers are read. */
  atCap: number | null;
  /** Followers the run would tag: exact after a scan, an upper bound in an estimate. */
  toTag: number;
  calls: TaggingCalls;
  /** True once the followers were read to the end: every number is exact. */
  exact: boolean;
}

export const taggingCalls = (toTag: number) => Math.ceil(toTag / TAG_LIMITS.openidsPerCall);

function calls(list: number, batchget: number, toTag: number): TaggingCalls {
  const tagging = taggingCalls(toTag);
  return { list, batchget, tagging, total: list + batchget + tagging };
}

/**
 * From the report's counts per scene key (a snapshot's `counts`) and its follower total: the followers
 * of the group's scenes, and every call a run would make starting now.
 */
export function estimatePreview(counts: Readonly<Record<SceneKey, SceneCounts>>, scenes: ReadonlySet<SceneKey>, totalFollowers: number): TaggingPreview {
  const matching = [...scenes].reduce((sum, key) => sum + (counts[key]?.followers ?? 0), 0);
  const reading = callsLeft({ ...newReportCursor(0), total: totalFollowers });
  return { matching, alreadyTagged: null, atCap: null, toTag: matching, calls: calls(reading.list, reading.details, matching), exact: false };
}

/** From a scan: exact when it is done; while it runs, the counts so far and the reading calls left. */
export function scanPreview(scan: TagScan): TaggingPreview {
  const reading = callsLeft(scan.cursor);
  return {
    matching: scan.matched,
    alreadyTagged: scan.alreadyTagged,
    atCap: scan.atCap,
    toTag: scan.toTag.length,
    calls: calls(reading.list, reading.details, scan.toTag.length),
    exact: scanDone(scan),
  };
}
