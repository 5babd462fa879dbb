import { storage } from 'wxt/utils/storage';

export type TokenSourceKind = 'stable' | 'classic';

/**
 * The account's credentials. Written and read only by the background: pages learn whether a
 * secret is set (`hasSecret`), never its value. Extension storage is not encrypted on disk.
 */
export interface Credentials {
  appId: string;
  appSecret: string;
}

export const credentialsItem = storage.defineItem<Credentials | null>('local:credentials', { fallback: null });

/** Stable token unless the operator explicitly chose the classic one (it breaks their own server's token). */
export const tokenSourceItem = storage.defineItem<TokenSourceKind>('local:tokenSource', { fallback: 'stable' });

/** A cached access token. Lives in storage.session: gone when the browser closes, unreadable by content scripts. */
export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which we stop using it (WeChat's lifetime minus a safety margin). */
  usableUntil: number;
}

export function tokenItem(appId: string) {
  return storage.defineItem<CachedToken | null>(`session:accessToken:${appId}`, { fallback: null });
}
