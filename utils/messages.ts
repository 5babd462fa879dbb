import { browser } from 'wxt/browser';
import type { AppError } from './app-error';
import type { QrCodeRecord } from './qr-record';
import type { QrRequestInput } from './qr-request';
import type { RefreshProgress } from './report-refresh';
import type { ScanEventType } from './scan-event';
import type { TokenSourceKind } from './settings-storage';
import type { PushResult } from './test-push';

/** What pages may know about the settings: never the AppSecret, only whether one is stored. */
export interface PublicSettings {
  appId: string;
  hasSecret: boolean;
  tokenSource: TokenSourceKind;
}

export interface SaveCredentialsInput {
  appId: string;
  /** Omitted or empty: keep the stored secret (it is write-only). */
  appSecret?: string;
  tokenSource: TokenSourceKind;
}

/** The account server's settings as pages see them: the Token only as "set". */
export interface PublicPushServer {
  url: string;
  originalId: string;
  hasToken: boolean;
}

export interface SavePushServerInput {
  url: string;
  /** Omitted or empty: keep the stored Token (write-only, like the AppSecret). */
  token?: string;
  originalId: string;
}

/** The one message map between the pages and the background. */
export interface MessageMap {
  getSettings: { input: void; output: PublicSettings };
  saveCredentials: { input: SaveCredentialsInput; output: PublicSettings };
  testConnection: { input: void; output: { appId: string } };
  createQrCode: { input: QrRequestInput; output: QrCodeRecord };
  /** A new code with an expired temporary code's scene, label and lifetime, linked to it. */
  renewQrCode: { input: { id: string }; output: QrCodeRecord };
  getPushServer: { input: void; output: PublicPushServer };
  savePushServer: { input: SavePushServerInput; output: PublicPushServer };
  /** POSTs what WeChat would push for this code to the account's server; only on the operator's click. */
  sendTestPush: { input: { id: string; event: ScanEventType }; output: PushResult };
  verifyServer: { input: void; output: PushResult };
  /** Channel report (issue #8), for the account set up now: its unfinished refresh, if any. */
  reportStatus: { input: void; output: { appId: string; refresh: RefreshProgress | null } };
  /** Reads the first follower page and waits for resume (the page shows the calls it will take). */
  startReportRefresh: { input: void; output: RefreshProgress };
  /** Starts after the call count was shown, or continues after a pause, a 45009 or an error. */
  resumeReportRefresh: { input: void; output: RefreshProgress | null };
  pauseReportRefresh: { input: void; output: RefreshProgress | null };
  /** Forgets the unfinished refresh; the last complete report stays. */
  cancelReportRefresh: { input: void; output: null };
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
