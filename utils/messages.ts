import { browser } from 'wxt/browser';
import type { AppError } from './app-error';
import type { QrCodeRecord } from './qr-record';
import type { QrRequestInput } from './qr-request';
import type { TokenSourceKind } from './settings-storage';

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

/** The one message map between the pages and the background. */
export interface MessageMap {
  getSettings: { input: void; output: PublicSettings };
  saveCredentials: { input: SaveCredentialsInput; output: PublicSettings };
  testConnection: { input: void; output: { appId: string } };
  createQrCode: { input: QrRequestInput; output: QrCodeRecord };
  /** A new code with an expired temporary code's scene, label and lifetime, linked to it. */
  renewQrCode: { input: { id: string }; output: QrCodeRecord };
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
