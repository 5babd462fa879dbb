import { storage } from 'wxt/utils/storage';
import { memoizedItem } from './storage-memo';
import { DEFAULT_PARAM_NAMES } from './link-params';
import { type ActionName, DEFAULT_EXPIRE_SECONDS } from './qr-request';
import type { LockedSecret } from './secret-lock';

/** A cached access token. Lives in storage.session: gone when the browser closes, unreadable by content scripts. */
export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which we stop using it (WeChat's lifetime minus a safety margin). */
  usableUntil: number;
}

const tokenItems = new Map<string, ReturnType<typeof defineTokenItem>>();

function defineTokenItem(appId: string) {
  // Read on every WeChat call: kept in the worker's memory (storage-memo.ts).
  return memoizedItem(storage.defineItem<CachedToken | null>(`session:accessToken:${appId}`, { fallback: null }));
}

/** One item per AppID for the worker's life, so its memory is shared by every caller. */
export function tokenItem(appId: string) {
  let item = tokenItems.get(appId);
  if (!item) tokenItems.set(appId, (item = defineTokenItem(appId)));
  return item;
}

/** How "QR for this link param" behaves; edited on the options page. */
export interface ContextMenuSettings {
  /** Parameter names to look for, in order: the first one the link carries wins. */
  paramNames: string[];
  actionName: ActionName;
  expireSeconds: number;
  /** Create temporary codes at once and show them in a notification (permanent codes always ask). */
  createImmediately: boolean;
}

export const DEFAULT_CONTEXT_MENU_SETTINGS: ContextMenuSettings = {
  paramNames: [...DEFAULT_PARAM_NAMES],
  actionName: 'QR_STR_SCENE',
  expireSeconds: DEFAULT_EXPIRE_SECONDS,
  createImmediately: false,
};

export const contextMenuSettingsItem = storage.defineItem<ContextMenuSettings>('local:contextMenu', {
  fallback: DEFAULT_CONTEXT_MENU_SETTINGS,
});

/**
 * The account's own server (基本配置 → 服务器配置), for test pushes. The server Token signs pushes,
 * so like the AppSecret it is written by the background and never sent back to a page.
 */
export interface PushServer {
  url: string;
  token: string;
  /** The account's original ID (原始ID, gh_…), WeChat's ToUserName; optional. */
  originalId: string;
}

/** The push server as an account stores it: the Token in the clear without the passphrase lock, sealed with it. */
export interface StoredPushServer extends Omit<PushServer, 'token'> {
  token?: string;
  lockedToken?: LockedSecret;
}
