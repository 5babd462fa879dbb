/**
 * What a job will spend of today's quotas, per cgi path, against what remains (contract §8). Pure:
 * the batch and the report refresh ask it before they start.
 */
import { QR_CREATE_PATH, USER_BATCHGET_PATH, USER_GET_PATH, type QuotaPath } from '@/utils/wechat/openapi-api';

export type CallsNeeded = Partial<Record<QuotaPath, number>>;

/** §7: at most 10,000 openids a list call and 100 users a batchget call. */
const LIST_PAGE = 10_000;
const DETAIL_BATCH = 100;

/** A batch: one qrcode/create a row still to make. */
export function batchCallsNeeded(rowsToCreate: number): CallsNeeded {
  return { [QR_CREATE_PATH]: rowsToCreate };
}

/** A full report refresh over `followers` (the last known total): the list, then details 100 at a time. */
export function refreshCallsNeeded(followers: number): CallsNeeded {
  return { [USER_GET_PATH]: Math.max(1, Math.ceil(followers / LIST_PAGE)), [USER_BATCHGET_PATH]: Math.ceil(followers / DETAIL_BATCH) };
}

export interface QuotaShortfall {
  path: QuotaPath;
  needed: number;
  remain: number;
}

/** The paths where the job needs more than remains today; empty when it fits. */
export function shortfalls(needed: CallsNeeded, remain: Partial<Record<QuotaPath, number>>): QuotaShortfall[] {
  return (Object.entries(needed) as [QuotaPath, number][])
    .filter(([path, calls]) => remain[path] !== undefined && calls > remain[path]!)
    .map(([path, calls]) => ({ path, needed: calls, remain: remain[path]! }));
}

/** How many batch rows fit in what qrcode/create has left today (the "run the first N" offer). */
export function rowsThatFit(rowsToCreate: number, remainCreate: number): number {
  return Math.max(0, Math.min(rowsToCreate, remainCreate));
}
