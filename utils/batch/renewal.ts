import { fail } from '@/utils/messaging/app-error';
import { accountOfAppId } from '@/utils/accounts/store';
import type { QrCodeRecord } from '@/utils/codes/record';
import { codesByIds } from '@/utils/history/query';
import { DEFAULT_EXPIRE_SECONDS, isPermanent } from '@/utils/wechat/qr-request';
import { MAX_BATCH_ROWS } from './input';
import { type BatchItem, type BatchJob, clampConcurrency } from './job';

/**
 * "Renew selected" (issue #15): one background batch that makes, for each selected code, a new one with
 * the same scene, label, kind and lifetime, linked to the code it replaces. It is a batch like any
 * other (resumable, paced, paused by errors that would fail every row, its print ZIP on the batch
 * page); only its items carry their own kind and lifetime, because a selection mixes them.
 */

export interface StartRenewalInput {
  /** History record ids, in the order the list showed them: the batch (and its ZIP) keeps that order. */
  ids: string[];
  concurrency?: number;
}

export const MAX_RENEWAL_CODES = MAX_BATCH_ROWS;

/**
 * The selection as one renewal can take it, or why not: every code temporary (a permanent one never
 * expires) and all of one account (history is per AppID; one operation, one account).
 */
export function checkRenewalSelection(records: readonly QrCodeRecord[]): string {
  if (records.length === 0) fail({ code: 'renew_selection_empty' });
  if (records.length > MAX_RENEWAL_CODES) fail({ code: 'renew_selection_too_many', params: [String(records.length), String(MAX_RENEWAL_CODES)] });
  const permanent = records.filter((record) => isPermanent(record.actionName)).length;
  if (permanent > 0) fail({ code: 'renew_selection_permanent', params: [String(permanent)] });
  const appIds = new Set(records.map((record) => record.appId));
  if (appIds.size > 1) fail({ code: 'renew_selection_accounts', params: [String(appIds.size)] });
  return records[0]!.appId;
}

/** One item per code: the old code's scene, label, kind, lifetime and source link, and its id to link to. */
export function renewalItems(batchId: string, records: readonly QrCodeRecord[]): BatchItem[] {
  return records.map((record, index) => ({
    batchId,
    index,
    row: index + 1,
    scene: record.scene,
    label: record.label,
    state: 'pending',
    actionName: record.actionName,
    expireSeconds: record.expireSeconds ?? DEFAULT_EXPIRE_SECONDS,
    renewedFromId: record.id,
    ...(record.sourceUrl && { sourceUrl: record.sourceUrl }),
  }));
}

/**
 * The renewal's job and items, read from history now. The account is the codes' own (by their AppID),
 * whichever is current, and the job keeps its id like any batch; account_missing when none has it.
 */
export async function renewalBatch(input: StartRenewalInput, now: number): Promise<{ job: BatchJob; items: BatchItem[] }> {
  // Ids deleted from history since the page listed them are simply not renewed.
  const records = await codesByIds([...new Set(input.ids)]);
  const appId = checkRenewalSelection(records);
  const account = await accountOfAppId(appId);
  const id = crypto.randomUUID();
  const items = renewalItems(id, records);
  const job: BatchJob = {
    id,
    kind: 'renewal',
    accountId: account.id,
    appId,
    actionName: records[0]!.actionName,
    expireSeconds: items[0]!.expireSeconds ?? null,
    concurrency: clampConcurrency(input.concurrency),
    createdAt: now,
    status: 'running',
    total: items.length,
  };
  return { job, items };
}
