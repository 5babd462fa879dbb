import { checkupHandlers } from '@/utils/checkup/handlers';
import { createBackgroundTagger, taggingHandlers } from '@/utils/tagging/handlers';
import type { TaggingRunner } from '@/utils/tagging/runner';
import { createBatchHandlers, createExtensionBatchRunner } from '@/utils/batch/handlers';
import type { BatchRunner } from '@/utils/batch/runner';
import type { MessageHandlers } from '@/utils/messaging/router';
import { pushHandlers } from '@/utils/push/handlers';
import { createCode, renewCode } from '@/utils/codes/create';
import { createBackgroundRefresher, reportHandlers } from '@/utils/report/handlers';
import type { ReportRefresher } from '@/utils/report/refresh';
import { lockNow, pasteToken, removePassphrase, setPassphrase, unlock } from '@/utils/accounts/lock';
import { publicSettings, removeAccount, saveAccount, switchAccount } from '@/utils/accounts/settings';
import { accountFor } from '@/utils/accounts/store';
import { accountClient } from '@/utils/accounts/token-source';
import { TokenCache } from '@/utils/wechat/token-cache';
import { syncHandlers } from '@/utils/sync/handlers';
import { createExtensionSyncRunner } from '@/utils/sync/extension-sync';
import type { SyncRunner } from '@/utils/sync/sync-runner';
import { type WechatClient, createWechatClient } from '@/utils/wechat/client';

/** The WeChat client the background shares between single codes, batches and reports: one token cache. */
export function createExtensionWechatClient(): WechatClient {
  return createWechatClient({ tokenCache: new TokenCache() });
}

/**
 * The background's answers to the pages, built on a WeChat client (a fake one in tests). Every
 * operation reads its account once when it starts and keeps it: the current account is only where
 * the next one begins.
 */
export function createBackgroundHandlers(
  client: WechatClient = createExtensionWechatClient(),
  now: () => number = Date.now,
  batches: BatchRunner = createExtensionBatchRunner(client, now),
  reports: ReportRefresher = createBackgroundRefresher(client),
  sync: SyncRunner = createExtensionSyncRunner(),
  tagger: TaggingRunner = createBackgroundTagger(client),
): MessageHandlers {
  const codes = { wechat: client, now };
  return {
    ...pushHandlers,
    ...createBatchHandlers(batches, now),
    ...reportHandlers(reports),
    ...syncHandlers(sync),
    ...checkupHandlers(client, now),
    ...taggingHandlers(client, tagger, now),
    getSettings: publicSettings,
    saveAccount: (input) => saveAccount(input, client),
    removeAccount: ({ id }) => removeAccount(id, client),
    switchAccount: ({ id }) => switchAccount(id),
    pasteToken: (input) => pasteToken(input, client),
    setPassphrase,
    removePassphrase: ({ currentPassphrase }) => removePassphrase(currentPassphrase),
    unlock: ({ passphrase }) => unlock(passphrase),
    // The lock reaches the one token cache the client holds, so no fetch in flight outlives it.
    lockNow: () => lockNow(client),
    /** The account the options page shows (the current one if it names none). */
    async testConnection(input) {
      const account = await accountFor(input?.accountId);
      await (await accountClient(client, account)).testConnection();
      return { appId: account.appId };
    },
    createQrCode: (input) => createCode(codes, input),
    renewQrCode: ({ id }) => renewCode(codes, id),
  };
}
