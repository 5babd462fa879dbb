import { fail } from '@/utils/messaging/app-error';
import { createBatchHandlers, createExtensionBatchRunner } from '@/utils/batch/handlers';
import type { BatchRunner } from '@/utils/batch/runner';
import { getCode, saveCode } from '@/utils/storage/history-db';
import type { MessageHandlers } from '@/utils/messaging/router';
import { pushHandlers } from '@/utils/push/handlers';
import { toQrCodeRecord } from '@/utils/codes/record';
import { createBackgroundRefresher, reportHandlers } from '@/utils/report/handlers';
import type { ReportRefresher } from '@/utils/report/refresh';
import { DEFAULT_EXPIRE_SECONDS, type QrRequestInput, buildQrCreateBody, isPermanent } from '@/utils/wechat/qr-request';
import { lockNow, pasteToken, removePassphrase, setPassphrase, unlock } from '@/utils/accounts/lock';
import { publicSettings, removeAccount, saveAccount, switchAccount } from '@/utils/accounts/settings';
import { currentAppId, currentTokenSource } from '@/utils/accounts/token-source';
import { TokenCache } from '@/utils/wechat/token-cache';
import { type WechatClient, createWechatClient } from '@/utils/wechat/client';

/** A source link is kept only if it is an http(s) URL of sane length: it came from a web page. */
function webLinkOrUndefined(link: string | undefined): string | undefined {
  if (!link || link.length > 4096) return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(link).protocol) ? link : undefined;
  } catch {
    return undefined;
  }
}

/** The WeChat client the background shares between single codes and batches: one token cache. */
export function createExtensionWechatClient(): WechatClient {
  return createWechatClient({ loadTokenSource: currentTokenSource, tokenCache: new TokenCache() });
}

/** The background's answers to the pages, built on a WeChat client (a fake one in tests). */
export function createBackgroundHandlers(
  client: WechatClient = createExtensionWechatClient(),
  now: () => number = Date.now,
  batches: BatchRunner = createExtensionBatchRunner(client, currentAppId, now),
  reports: ReportRefresher = createBackgroundRefresher(client),
): MessageHandlers {
  async function createAndSave(input: QrRequestInput, renewedFromId?: string) {
    // Validation first: an invalid request never costs a token fetch.
    const body = buildQrCreateBody(input);
    const appId = await currentAppId();
    const response = await client.createQrCode(body);
    // Saved before replying, so a code WeChat created is kept even if the popup has closed.
    const record = toQrCodeRecord(appId, body, response, (input.label ?? '').trim(), now());
    const sourceUrl = webLinkOrUndefined(input.sourceUrl);
    return saveCode({ ...record, ...(sourceUrl && { sourceUrl }), ...(renewedFromId && { renewedFromId }) });
  }

  return {
    ...pushHandlers,
    ...createBatchHandlers(batches, currentAppId, now),
    ...reportHandlers(reports),
    getSettings: publicSettings,
    saveAccount,
    removeAccount: ({ id }) => removeAccount(id),
    switchAccount: ({ id }) => switchAccount(id),
    pasteToken,
    setPassphrase,
    removePassphrase: ({ currentPassphrase }) => removePassphrase(currentPassphrase),
    unlock: ({ passphrase }) => unlock(passphrase),
    lockNow,
    async testConnection() {
      await client.testConnection();
      return { appId: await currentAppId() };
    },
    createQrCode: (input) => createAndSave(input),
    async renewQrCode({ id }) {
      const old = await getCode(id);
      if (!old) fail({ code: 'record_missing' });
      if (isPermanent(old.actionName)) fail({ code: 'renew_permanent' });
      // Same scene, label and lifetime; linked to the record it replaces.
      const input = { actionName: old.actionName, scene: old.scene, expireSeconds: old.expireSeconds ?? DEFAULT_EXPIRE_SECONDS, label: old.label, sourceUrl: old.sourceUrl };
      return createAndSave(input, old.id);
    },
  };
}
