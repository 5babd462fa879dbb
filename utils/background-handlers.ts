import { fail } from './app-error';
import { createBatchHandlers, createExtensionBatchRunner } from './batch-handlers';
import type { BatchRunner } from './batch-runner';
import { getCode, saveCode } from './history-db';
import type { MessageHandlers } from './message-router';
import { pushHandlers } from './push-handlers';
import { toQrCodeRecord } from './qr-record';
import { createBackgroundRefresher, reportHandlers } from './report-handlers';
import type { ReportRefresher } from './report-refresh';
import { DEFAULT_EXPIRE_SECONDS, type QrRequestInput, buildQrCreateBody, isPermanent } from './qr-request';
import { lockNow, pasteToken, removePassphrase, setPassphrase, unlock } from './account-lock';
import { publicSettings, removeAccount, saveAccount, switchAccount } from './account-settings';
import { currentAppId, currentTokenSource } from './account-token';
import { TokenCache } from './token-cache';
import { type WechatClient, createWechatClient } from './wechat-client';

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
