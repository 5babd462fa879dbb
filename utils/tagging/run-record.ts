/**
 * A tagging run as the background keeps it (issue #16) and as pages see it. A run reads the account's
 * followers first (the scan: list pages, then batchget 100 at a time, sorting the group's followers by
 * the tags they carry), waits for the operator's Start with the exact preview, then tags 50 a call
 * (tag-run.ts). An undo is a run of op 'untag' straight to the tagging phase, over exactly the
 * followers the run it undoes added the tag to.
 */
import type { AppError } from '@/utils/messaging/app-error';
import type { ReportCursor } from '@/utils/report/follower-report';
import type { ChannelRule } from './channel-group';
import type { TagScan } from './follower-scan';
import type { TaggingPreview } from './preview';
import type { TagRunOp, TagRunState } from './tag-run';

export type TaggingPhase = 'scanning' | 'confirm' | 'tagging' | 'done' | 'cancelled';

/** The scan as stored: its page of openids apart (written once per list call), its finds apart (appended). */
export type StoredScan = Omit<TagScan, 'cursor' | 'toTag'> & { cursor: Omit<ReportCursor, 'page'> };

export interface TaggingRun {
  id: string;
  /** The account it runs in, read once when it started: every call is that account's. */
  accountId: string;
  appId: string;
  op: TagRunOp;
  tagId: number;
  tagName: string;
  /** The channel group it applies, if it was saved as one. */
  groupId?: string;
  /** What it tags (absent for an undo). */
  rule?: ChannelRule;
  phase: TaggingPhase;
  /** Stopped inside its phase: by the operator, or by `error` (45009, a closed lock, WeChat down…). */
  paused: boolean;
  error?: AppError;
  scan?: StoredScan;
  /** Followers to tag found by the scan so far (their openids are in the `found` store). */
  toTagFound: number;
  /** The tagging phase's progress (tag-run.ts), saved after every call. */
  state?: TagRunState;
  /** Followers the plan holds, in how many calls of 50. */
  planned?: number;
  chunks?: number;
  /** Followers this run has changed so far (tagged, or untagged for an undo): saved with `state`. */
  changed?: number;
  /** The finished scan's counts became the channel report's snapshot (runner.ts leaveReportSnapshot). */
  reportStored?: boolean;
  /** Scan steps saved (the `found` rows' sequence). */
  steps: number;
  /** The run this one undoes, and the run that undid this one. */
  undoOf?: string;
  undoneBy?: string;
  createdAt: number;
  /** Time spent running, not paused (for the time left). */
  activeMs: number;
  finishedAt?: number;
}

/** What pages are told about a run: the record without its scan's cursor counts, plus what they mean. */
export interface TaggingView extends Pick<
  TaggingRun,
  'id' | 'accountId' | 'appId' | 'op' | 'tagId' | 'tagName' | 'groupId' | 'phase' | 'paused' | 'error' | 'undoOf' | 'undoneBy' | 'finishedAt' | 'reportStored'
> {
  /** Followers read so far of the account's total (the scan), and the calls that took. */
  read: { done: number; total: number; calls: number };
  preview: TaggingPreview;
  /** The tagging phase: planned, changed, skipped by reason, calls made and left. */
  summary?: { planned: number; changed: number; skipped: { gone: number; capped: number; foreign: number }; calls: number; callsLeft: number };
  /** Estimated time left of the current phase, ms; null when unknown. */
  msLeft: number | null;
}
