import type { AppError } from '@/utils/messaging/app-error';
import type { BatchRow } from './input';
import type { ActionName } from '@/utils/wechat/qr-request';

/**
 * A batch as the background runs it. The job and its items live in IndexedDB (the history
 * database, so an item and the code it created are written in one transaction): a service
 * worker stopped mid-batch resumes from there, and no code is counted twice.
 */
export type BatchStatus = 'running' | 'paused' | 'cancelled' | 'done';

export interface BatchJob {
  id: string;
  /**
   * 'renewal': new codes for codes history has (issue #15), each item with its own kind, lifetime and
   * the code it replaces; absent: a batch of rows with the job's one kind and lifetime.
   */
  kind?: 'renewal';
  /** The account the batch was started in: its codes are made with that account's token, whichever is current. */
  accountId?: string;
  /** That account's AppID, which every code is filed under (jobs stored before accountId are found by it). */
  appId: string;
  /** The kind of every code (a renewal: of its first item; each item says its own). */
  actionName: ActionName;
  /** Validated lifetime in seconds; null for permanent kinds (a renewal: each item says its own). */
  expireSeconds: number | null;
  /** Requests in flight at once (1 … MAX_BATCH_CONCURRENCY). */
  concurrency: number;
  createdAt: number;
  status: BatchStatus;
  total: number;
  /** Why the batch paused itself (daily quota, credentials, network…): shown next to "Resume". */
  stoppedBy?: AppError;
  /** When it last reached done or cancelled. */
  finishedAt?: number;
  /**
   * Items left pending by this run: the part that did not fit today's quota (issue #15, "run the part
   * that fits"). When only these are left the run pauses with batch_quota_planned; Resume clears it.
   */
  holdLast?: number;
}

/** pending → done | failed; pending → cancelled when the batch is cancelled. */
export type BatchItemState = 'pending' | 'done' | 'failed' | 'cancelled';

export interface BatchItem {
  batchId: string;
  /** Position in the batch, 0-based: the key's second half, so items read back in order. */
  index: number;
  /** Source row, for messages ("row 12"). */
  row: number;
  /** As it will be sent (batch-preview canonicalised it). */
  scene: string;
  label: string;
  state: BatchItemState;
  /** The history record it created. */
  codeId?: string;
  error?: AppError;
  /** A renewal's item: the kind and lifetime of the code it replaces, which override the job's. */
  actionName?: ActionName;
  expireSeconds?: number | null;
  /** A renewal's item: the code it replaces (the new record's renewedFromId). */
  renewedFromId?: string;
  /** A renewal's item: the old code's source link, kept on the new one. */
  sourceUrl?: string;
}

export const DEFAULT_BATCH_CONCURRENCY = 4;
export const MAX_BATCH_CONCURRENCY = 8;

/** Counts the page shows; done + failed + pending + cancelled = total. */
export interface BatchCounts {
  done: number;
  failed: number;
  pending: number;
  cancelled: number;
}

/** What the page is told: the job, its counts and the failed items (with their reasons). */
export interface BatchView {
  job: BatchJob;
  counts: BatchCounts;
  failures: BatchItem[];
}

/**
 * Live progress, published by the running batch in storage.session (pages listen for changes).
 * `rate` is codes per second over this run, for the time left.
 */
export interface BatchProgress {
  batchId: string;
  status: BatchStatus;
  counts: BatchCounts;
  rate: number;
  updatedAt: number;
  stoppedBy?: AppError;
}

export function countItems(items: readonly Pick<BatchItem, 'state'>[]): BatchCounts {
  const counts: BatchCounts = { done: 0, failed: 0, pending: 0, cancelled: 0 };
  for (const item of items) counts[item.state]++;
  return counts;
}

/** The rows a batch was asked to create, as the page sends them (checked again in the background). */
export interface StartBatchInput {
  actionName: string;
  expireSeconds?: number | string;
  concurrency?: number;
  rows: BatchRow[];
  /** Make only this many now (what today's quota allows); the rest wait in the paused batch. */
  makeNow?: number;
}

export function clampConcurrency(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_BATCH_CONCURRENCY;
  return Math.min(MAX_BATCH_CONCURRENCY, Math.max(1, Math.round(value)));
}
