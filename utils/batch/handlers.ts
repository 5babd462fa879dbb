import { fail } from '@/utils/messaging/app-error';
import { type BatchItem, type BatchJob, type BatchView, type StartBatchInput, clampConcurrency } from './job';
import { existingPermanentScenes, previewBatch } from './preview';
import { batchWatchdog } from './watchdog';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import { type BatchRunner, type BatchRunnerDeps, createBatchRunner } from './runner';
import { createBatch, latestBatchJob } from './store';
import { renewalBatch } from './renewal';
import type { MessageHandlers } from '@/utils/messaging/router';
import { toQrCodeRecord } from '@/utils/codes/record';
import { buildQrCreateBody, parseActionName } from '@/utils/wechat/qr-request';
import type { WechatClient } from '@/utils/wechat/client';
import type { StoredAccount } from '@/utils/accounts/account';
import { accountFor, accountOfAppId, loadAccounts } from '@/utils/accounts/store';
import { accountClient } from '@/utils/accounts/token-source';

type BatchHandlers = Pick<MessageHandlers, 'startBatch' | 'startRenewal' | 'getBatch' | 'pauseBatch' | 'resumeBatch' | 'cancelBatch' | 'retryFailedBatch'>;

/**
 * The batch's own account, read by id before each code: its token makes the code, whichever account is
 * current. Found by AppID when the id is gone (the account removed and added again, or a job stored
 * before jobs kept their account's id): one AppID is one Official Account. With no account for the
 * AppID, account_missing pauses the batch until one is added back and Resume is pressed.
 */
async function batchAccount(job: BatchJob): Promise<StoredAccount> {
  const { accounts } = await loadAccounts();
  return accounts.find((account) => account.id === job.accountId && account.appId === job.appId) ?? accountOfAppId(job.appId);
}

/** The runner as the extension uses it: WeChat through the shared client, progress on the job-progress channel, the alarm watchdog. */
export function createExtensionBatchRunner(
  client: Pick<WechatClient, 'for'>,
  now: () => number = Date.now,
  overrides: Partial<BatchRunnerDeps> = {},
): BatchRunner {
  return createBatchRunner({
    async createCode(job, item) {
      const account = await batchAccount(job);
      // A renewal's item carries the kind and lifetime of the code it replaces.
      const expireSeconds = item.expireSeconds !== undefined ? item.expireSeconds : job.expireSeconds;
      const body = buildQrCreateBody({ actionName: item.actionName ?? job.actionName, scene: item.scene, expireSeconds: expireSeconds ?? undefined });
      const record = toQrCodeRecord(job.appId, body, await (await accountClient(client, account)).createQrCode(body), item.label, now());
      return {
        ...record,
        ...(item.sourceUrl && { sourceUrl: item.sourceUrl }),
        ...(item.renewedFromId && { renewedFromId: item.renewedFromId }),
        batchId: job.id,
      };
    },
    publish: (progress) => publishJobProgress('batch', progress.batchId, progress),
    watchdog: batchWatchdog,
    now,
    ...overrides,
  });
}

/** The background's answers about batches: the rows are checked again here, whatever the page showed. */
export function createBatchHandlers(batches: BatchRunner, now: () => number = Date.now): BatchHandlers {
  async function viewOrFail(id: string): Promise<BatchView> {
    return (await batches.view(id)) ?? fail({ code: 'batch_missing' });
  }

  return {
    async startBatch(input: StartBatchInput) {
      const actionName = parseActionName(input.actionName);
      // The batch's account, read once: the job keeps it to the end (batchAccount).
      const { id: accountId, appId } = await accountFor();
      const preview = previewBatch(input.rows, { actionName, expireSeconds: input.expireSeconds, appId }, await existingPermanentScenes(appId));
      if (preview.settingsError) fail(preview.settingsError);
      if (preview.summary.wouldExceedPermanentCap) fail({ code: 'wechat_permanent_quota' });
      const rows = preview.rows.flatMap((row) => (row.status === 'ok' ? [row] : []));
      if (rows.length === 0) fail({ code: 'batch_nothing_to_create' });
      const job: BatchJob = {
        id: crypto.randomUUID(),
        accountId,
        appId,
        actionName,
        expireSeconds: preview.expireSeconds,
        concurrency: clampConcurrency(input.concurrency),
        createdAt: now(),
        status: 'running',
        total: rows.length,
        ...(input.makeNow !== undefined && input.makeNow < rows.length && { holdLast: rows.length - Math.max(0, Math.floor(input.makeNow)) }),
      };
      const items = rows.map(({ row, scene, label }, index): BatchItem => ({ batchId: job.id, index, row, scene, label, state: 'pending' }));
      await createBatch(job, items);
      void batches.run(job.id);
      return viewOrFail(job.id);
    },
    /** "Renew selected" on the history page: one batch in the codes' own account (renewal.ts). */
    async startRenewal(input) {
      const { job, items } = await renewalBatch(input, now());
      await createBatch(job, items);
      void batches.run(job.id);
      return viewOrFail(job.id);
    },
    async getBatch({ id }) {
      const batchId = id ?? (await latestBatchJob())?.id;
      return batchId === undefined ? null : ((await batches.view(batchId)) ?? null);
    },
    async pauseBatch({ id }) {
      await batches.pause(id);
      return viewOrFail(id);
    },
    async resumeBatch({ id }) {
      await batches.resume(id);
      return viewOrFail(id);
    },
    async cancelBatch({ id }) {
      await batches.cancel(id);
      return viewOrFail(id);
    },
    async retryFailedBatch({ id }) {
      await batches.retryFailed(id);
      return viewOrFail(id);
    },
  };
}
