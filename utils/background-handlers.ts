import { fail } from './app-error';
import { getCode, saveCode } from './history-db';
import type { MessageHandlers } from './message-router';
import type { PublicSettings, SaveCredentialsInput } from './messages';
import { pushHandlers } from './push-handlers';
import { toQrCodeRecord } from './qr-record';
import { createBackgroundRefresher, reportHandlers } from './report-handlers';
import type { ReportRefresher } from './report-refresh';
import { DEFAULT_EXPIRE_SECONDS, type QrRequestInput, buildQrCreateBody, isPermanent } from './qr-request';
import { type Credentials, credentialsItem, tokenItem, tokenSourceItem } from './settings-storage';
import { TokenCache } from './token-cache';
import { type WechatClient, createWechatClient } from './wechat-client';

// WeChat issues AppIDs in lower case; an upper-case copy would only come back as 40013.
const APP_ID_PATTERN = /^wx[0-9a-f]{16}$/;
const APP_SECRET_PATTERN = /^[0-9a-z]{32}$/i;

/** A source link is kept only if it is an http(s) URL of sane length: it came from a web page. */
function webLinkOrUndefined(link: string | undefined): string | undefined {
  if (!link || link.length > 4096) return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(link).protocol) ? link : undefined;
  } catch {
    return undefined;
  }
}

async function loadCredentials(): Promise<Credentials> {
  const credentials = await credentialsItem.getValue();
  if (!credentials?.appId || !credentials.appSecret) fail({ code: 'credentials_missing' });
  return credentials;
}

async function publicSettings(): Promise<PublicSettings> {
  const [credentials, tokenSource] = await Promise.all([credentialsItem.getValue(), tokenSourceItem.getValue()]);
  return { appId: credentials?.appId ?? '', hasSecret: Boolean(credentials?.appSecret), tokenSource };
}

async function saveCredentials(input: SaveCredentialsInput): Promise<PublicSettings> {
  const appId = input.appId.trim();
  if (!APP_ID_PATTERN.test(appId)) fail({ code: 'app_id_invalid', field: 'appId' });
  const stored = await credentialsItem.getValue();
  const newSecret = input.appSecret?.trim() ?? '';
  if (newSecret !== '' && !APP_SECRET_PATTERN.test(newSecret)) fail({ code: 'app_secret_invalid', field: 'appSecret' });
  // The secret is write-only: keep the stored one unless a new one was typed, and only for the same account.
  const appSecret = newSecret || (stored?.appId === appId ? stored.appSecret : '');
  if (!appSecret) fail({ code: 'app_secret_invalid', field: 'appSecret' });
  const tokenSource = input.tokenSource === 'classic' ? 'classic' : 'stable';
  await Promise.all([credentialsItem.setValue({ appId, appSecret }), tokenSourceItem.setValue(tokenSource)]);
  // A token cached under an older secret or source must not outlive the change.
  await tokenItem(appId).removeValue();
  return publicSettings();
}

/** The WeChat client of the background: the stored credentials and token source, one token cache. */
export function createDefaultWechatClient(): WechatClient {
  return createWechatClient({ loadCredentials, loadTokenSource: () => tokenSourceItem.getValue(), tokenCache: new TokenCache() });
}

/** The background's answers to the pages, built on a WeChat client (a fake one in tests). */
export function createBackgroundHandlers(
  client: WechatClient = createDefaultWechatClient(),
  now: () => number = Date.now,
  reports: ReportRefresher = createBackgroundRefresher(client),
): MessageHandlers {
  async function createAndSave(input: QrRequestInput, renewedFromId?: string) {
    // Validation first: an invalid request never costs a token fetch.
    const body = buildQrCreateBody(input);
    const { appId } = await loadCredentials();
    const response = await client.createQrCode(body);
    // Saved before replying, so a code WeChat created is kept even if the popup has closed.
    const record = toQrCodeRecord(appId, body, response, (input.label ?? '').trim(), now());
    const sourceUrl = webLinkOrUndefined(input.sourceUrl);
    return saveCode({ ...record, ...(sourceUrl && { sourceUrl }), ...(renewedFromId && { renewedFromId }) });
  }

  return {
    ...pushHandlers,
    ...reportHandlers(reports),
    getSettings: publicSettings,
    saveCredentials,
    async testConnection() {
      await client.testConnection();
      return { appId: (await loadCredentials()).appId };
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
