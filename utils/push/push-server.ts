import type { LockedSecret } from '@/utils/accounts/secret-lock';

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
