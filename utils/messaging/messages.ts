import { browser } from 'wxt/browser';
import type { AppError } from './app-error';
import type { BatchView, StartBatchInput } from '@/utils/batch/job';
import type { StartRenewalInput } from '@/utils/batch/renewal';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { QrRequestInput } from '@/utils/wechat/qr-request';
import type { RefreshProgress } from '@/utils/report/refresh';
import type { ScanEventType } from '@/utils/push/scan-event';
import type { TokenSourceKind } from '@/utils/accounts/account';
import type { PushResult } from '@/utils/push/test-push';
import type { PublicSyncSettings, SaveSyncSettingsInput } from '@/utils/sync/sync-settings';
import type { CheckResult } from '@/utils/sync/webdav/webdav-check';
import type { SyncStatus } from '@/utils/sync/sync-status';
import type { RestorePreview } from '@/utils/sync/engine-port';
import type { CheckupResult } from '@/utils/checkup/checkup-result';
import type { RidDetails } from '@/utils/checkup/rid-details';
import type { QuotaPath } from '@/utils/wechat/openapi-api';
import type { WechatTag } from '@/utils/wechat/tags-api';
import type { ChannelGroup, ChannelRule } from '@/utils/tagging/channel-group';
import type { TaggingPreview } from '@/utils/tagging/preview';
import type { TaggingView } from '@/utils/tagging/run-record';

/** One account as pages see it: never the AppSecret, the token-server header value or a token. */
export interface PublicAccount {
  id: string;
  name: string;
  appId: string;
  tokenSource: TokenSourceKind;
  /** An AppSecret is stored (sealed or not). */
  hasSecret: boolean;
  tokenServerUrl?: string;
  tokenServerHeaderName?: string;
  hasTokenServerHeader?: boolean;
  /** A pasted token is held for this browser session until then (epoch ms). */
  pastedTokenExpiresAt?: number;
  /** The relay in front of api.weixin.qq.com, if any. */
  apiBase?: string;
}

/**
 * What pages may know about the settings. appId, hasSecret and tokenSource describe the current
 * account (empty when there is none), so a page that needs only those need not look further.
 */
export interface PublicSettings {
  appId: string;
  hasSecret: boolean;
  tokenSource: TokenSourceKind;
  /** The current account can get a token (a locked secret counts: unlocking is asked for separately). */
  configured: boolean;
  currentAccountId: string | null;
  accounts: PublicAccount[];
  lock: { enabled: boolean; unlocked: boolean };
  /** The current account's credential (AppSecret or token-server header) is sealed and the lock is closed. */
  needsUnlock: boolean;
}

export interface SaveAccountInput {
  /** Absent: a new account. */
  id?: string;
  /** Defaults to the AppID. */
  name?: string;
  appId: string;
  /** Omitted or empty: keep the stored secret (it is write-only). */
  appSecret?: string;
  tokenSource: TokenSourceKind;
  /** Source 'server': the URL and an optional header; an empty headerValue keeps the stored one. */
  tokenServer?: { url: string; headerName?: string; headerValue?: string };
  /** A relay in front of api.weixin.qq.com; empty: WeChat directly. */
  apiBase?: string;
}

/** The account server's settings as pages see them: the Token only as "set". */
export interface PublicPushServer {
  /** The account whose server this is (the page shows its name). */
  accountId: string;
  accountName: string;
  url: string;
  originalId: string;
  hasToken: boolean;
}

export interface SavePushServerInput {
  /** The account the page shows: never "whichever is current when the message arrives". */
  accountId: string;
  url: string;
  /** Omitted or empty: keep the stored Token (write-only, like the AppSecret). */
  token?: string;
  originalId: string;
}

/** The account a report message is about; absent: the current account. */
export interface ReportAccountInput {
  accountId?: string;
}

/** The one message map between the pages and the background. */
export interface MessageMap {
  getSettings: { input: void; output: PublicSettings };
  saveAccount: { input: SaveAccountInput; output: PublicSettings };
  removeAccount: { input: { id: string }; output: PublicSettings };
  switchAccount: { input: { id: string }; output: PublicSettings };
  /** A token for this browser session, for an account whose source is 'pasted'. */
  pasteToken: { input: { id: string; token: string }; output: PublicSettings };
  /** Sets the passphrase lock, or changes the passphrase (currentPassphrase given). */
  setPassphrase: { input: { passphrase: string; confirm: string; currentPassphrase?: string }; output: PublicSettings };
  removePassphrase: { input: { currentPassphrase: string }; output: PublicSettings };
  unlock: { input: { passphrase: string }; output: PublicSettings };
  lockNow: { input: void; output: PublicSettings };
  /** Gets a token for the account named (the one the options page shows), or the current one. */
  testConnection: { input: { accountId?: string }; output: { appId: string } };
  createQrCode: { input: QrRequestInput; output: QrCodeRecord };
  /** A new code with an expired temporary code's scene, label and lifetime, linked to it. */
  renewQrCode: { input: { id: string }; output: QrCodeRecord };
  /** The push server of the account named, or of the current account. */
  getPushServer: { input: { accountId?: string }; output: PublicPushServer };
  savePushServer: { input: SavePushServerInput; output: PublicPushServer };
  /** POSTs what WeChat would push for this code to the account's server; only on the operator's click. */
  sendTestPush: { input: { id: string; event: ScanEventType }; output: PushResult };
  verifyServer: { input: { accountId?: string }; output: PushResult };
  /** Starts a batch in the background; the rows are validated again there. */
  startBatch: { input: StartBatchInput; output: BatchView };
  /** "Renew selected": new codes for these history records (temporary, one account) as one background batch. */
  startRenewal: { input: StartRenewalInput; output: BatchView };
  /** A batch by id, or the latest one; null when there is none. */
  getBatch: { input: { id?: string }; output: BatchView | null };
  pauseBatch: { input: { id: string }; output: BatchView };
  resumeBatch: { input: { id: string }; output: BatchView };
  cancelBatch: { input: { id: string }; output: BatchView };
  retryFailedBatch: { input: { id: string }; output: BatchView };
  /**
   * Channel report (issue #8) of the account named (the report page's), or of the current one: its
   * unfinished refresh, if any. Every report message names its account, so switching the current
   * account never turns one account's refresh into another's.
   */
  reportStatus: { input: ReportAccountInput; output: { accountId: string; appId: string; refresh: RefreshProgress | null } };
  /** Reads the first follower page and waits for resume (the page shows the calls it will take). */
  startReportRefresh: { input: ReportAccountInput; output: RefreshProgress };
  /** Starts after the call count was shown, or continues after a pause, a 45009 or an error. */
  resumeReportRefresh: { input: ReportAccountInput; output: RefreshProgress | null };
  pauseReportRefresh: { input: ReportAccountInput; output: RefreshProgress | null };
  /** Forgets the unfinished refresh; the last complete report stays. */
  cancelReportRefresh: { input: ReportAccountInput; output: null };
  /** Sync through WebDAV (issue #14): its settings, the app password and sync passphrase only as "set". */
  getSyncSettings: { input: void; output: PublicSyncSettings };
  saveSyncSettings: { input: SaveSyncSettingsInput; output: PublicSyncSettings };
  removeSyncSettings: { input: void; output: PublicSyncSettings };
  /** The options page's Test, on the form's values, in the folder of the account named (or the current one). */
  testSyncServer: { input: SaveSyncSettingsInput & { accountId?: string }; output: CheckResult };
  /** The account's sync status now (pages then follow it on the progress channel, kind 'sync'). */
  syncStatus: { input: ReportAccountInput; output: SyncStatus };
  /** Syncs now (every account, or the one named), lifting a pause; resolves when done. */
  syncNow: { input: ReportAccountInput; output: SyncStatus };
  /** What "Restore into this browser" would bring in, read from the server, before it does. */
  previewSyncRestore: { input: ReportAccountInput; output: RestorePreview };
  /** The account check-up (体检, issue #15) of the account named: token, permissions, today's quotas, permanent codes. */
  runCheckup: { input: ReportAccountInput; output: CheckupResult };
  /** Its last check-up, or null when it has had none (or its AppID changed since). */
  lastCheckup: { input: ReportAccountInput; output: CheckupResult | null };
  /** What remains today of the APIs a job spends, asked before a batch or a report refresh starts. */
  quotaToday: { input: ReportAccountInput; output: { accountId: string; remain: Partial<Record<QuotaPath, number>> } };
  /** 查询详情: WeChat's record of the request behind a rid, with every token, AppSecret and header value removed. */
  lookupRid: { input: ReportAccountInput & { rid: string }; output: RidDetails };
  /** One of the account's 10 quota resets a month (clear_quota/v2); sent only after the operator confirmed. */
  resetQuota: { input: { accountId?: string }; output: { resetAt: number } };
  /** Tagging followers by channel (issue #16): the account's tags (tags/get), with their follower counts. */
  followerTags: { input: ReportAccountInput; output: WechatTag[] };
  createFollowerTag: { input: ReportAccountInput & { name: string }; output: WechatTag };
  renameFollowerTag: { input: ReportAccountInput & { id: number; name: string }; output: WechatTag[] };
  /** What a rule picks, before any call: codes, scenes, and the last report's count of their followers (null: no report yet). */
  taggingEstimate: { input: ReportAccountInput & { rule: ChannelRule }; output: { codes: number; scenes: number; preview: TaggingPreview | null } };
  /** Starts reading the followers for the rule (saved as a channel group when named); the account's unfinished run instead, if any. */
  startTagging: { input: ReportAccountInput & { rule: ChannelRule; tag: { id: number; name: string }; groupName?: string }; output: TaggingView };
  /** The account's unfinished run, else its latest; null when none (pages follow it on the progress channel, kind 'tagging'). */
  taggingStatus: { input: ReportAccountInput; output: TaggingView | null };
  /** Start tagging after the exact preview. */
  confirmTagging: { input: { runId: string }; output: TaggingView };
  pauseTagging: { input: { runId: string }; output: TaggingView };
  resumeTagging: { input: { runId: string }; output: TaggingView };
  cancelTagging: { input: { runId: string }; output: TaggingView };
  /** Takes the tag off exactly the followers the run added it to. */
  undoTagging: { input: { runId: string }; output: TaggingView };
  channelGroups: { input: ReportAccountInput; output: ChannelGroup[] };
  deleteChannelGroup: { input: ReportAccountInput & { id: string }; output: ChannelGroup[] };
}

export type MessageType = keyof MessageMap;
export type MessageInput<K extends MessageType> = MessageMap[K]['input'];
export type MessageOutput<K extends MessageType> = MessageMap[K]['output'];

/** Every reply: the background never throws across the boundary. */
export type Reply<T> = { success: true; payload: T } | { success: false; error: AppError };

export interface MessageEnvelope<K extends MessageType = MessageType> {
  type: K;
  input: MessageInput<K>;
}

export async function sendMessage<K extends MessageType>(
  type: K,
  ...[input]: MessageInput<K> extends void ? [] : [MessageInput<K>]
): Promise<Reply<MessageOutput<K>>> {
  try {
    const reply = (await browser.runtime.sendMessage({ type, input } satisfies MessageEnvelope)) as Reply<MessageOutput<K>> | undefined;
    return reply ?? { success: false, error: { code: 'internal', params: ['no reply'] } };
  } catch (thrown) {
    return { success: false, error: { code: 'internal', params: [String(thrown)] } };
  }
}
