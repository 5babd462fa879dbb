import type { LockedSecret } from './secret-lock';
import type { StoredPushServer } from '@/utils/push/push-server';
import type { TokenServerConfig } from './token-server';

/**
 * Where a token comes from, per account (contract §3): the stable token (default), the classic
 * token (breaks the account's own server: a warned choice), the account's central token server
 * (no AppSecret stored at all), or a token pasted for this browser session.
 */
export type TokenSourceKind = 'stable' | 'classic' | 'server' | 'pasted';
export const TOKEN_SOURCES: readonly TokenSourceKind[] = ['stable', 'classic', 'server', 'pasted'];

/**
 * One Official Account as the background keeps it. Read and written only by the background: pages
 * see a PublicAccount (utils/messaging/messages.ts), never a secret, a header value or a token.
 */
export interface StoredAccount {
  id: string;
  /** The operator's name for it (the account's display name, usually). */
  name: string;
  appId: string;
  tokenSource: TokenSourceKind;
  /** The AppSecret in the clear, when no passphrase lock is set (stable and classic sources only). */
  appSecret?: string;
  /** The AppSecret sealed with the passphrase, when the lock is set. */
  lockedSecret?: LockedSecret;
  /** The central token server (source 'server' only); its header value is write-only like the AppSecret. */
  tokenServer?: StoredTokenServer;
  /** A relay in front of api.weixin.qq.com (utils/accounts/relay.ts); absent: WeChat directly. */
  apiBase?: string;
  /** The account's own server, for test pushes; its Token is write-only like the AppSecret, and sealed by the lock. */
  pushServer?: StoredPushServer;
}

/**
 * The token server as stored: its header value in the clear without the passphrase lock, sealed with
 * it (it gets the account's tokens as surely as the AppSecret does).
 */
export interface StoredTokenServer extends TokenServerConfig {
  lockedHeaderValue?: LockedSecret;
}

/** Does the account hold a credential the lock seals (so nothing can be asked of WeChat while locked)? */
export function hasSealedCredential(account: StoredAccount): boolean {
  return Boolean(account.lockedSecret || account.tokenServer?.lockedHeaderValue);
}

/**
 * What account changes need of the background's one token cache (utils/wechat/token-cache.ts): to
 * forget an AppID's token so that a fetch already in flight neither caches nor hands out its token.
 */
export interface TokenForgetter {
  forgetToken(appId: string): Promise<void>;
}
