import { storage } from 'wxt/utils/storage';
import type { LockedSecret, LockKey } from './secret-lock';
import { memoizedItem, setItemsForgetting } from './storage-memo';
import type { PushServer, StoredPushServer } from './settings-storage';
import type { PastedToken, TokenServerConfig } from './token-server';

/**
 * Where a token comes from, per account (contract §3): the stable token (default), the classic
 * token (breaks the account's own server: a warned choice), the account's central token server
 * (no AppSecret stored at all), or a token pasted for this browser session.
 */
export type TokenSourceKind = 'stable' | 'classic' | 'server' | 'pasted';
export const TOKEN_SOURCES: readonly TokenSourceKind[] = ['stable', 'classic', 'server', 'pasted'];

/**
 * One Official Account as the background keeps it. Read and written only by the background: pages
 * see a PublicAccount (utils/messages.ts), never a secret, a header value or a token.
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
  /** A relay in front of api.weixin.qq.com (utils/api-base.ts); absent: WeChat directly. */
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

// Read on every WeChat call: kept in the worker's memory (storage-memo.ts).
export const accountsItem = memoizedItem(storage.defineItem<StoredAccount[]>('local:accounts', { fallback: [] }));
export const currentAccountIdItem = memoizedItem(storage.defineItem<string | null>('local:currentAccountId', { fallback: null }));

/** Set while the passphrase lock is on: a known text sealed with the passphrase, to check it with. */
export const lockCheckItem = storage.defineItem<LockedSecret | null>('local:secretLockCheck', { fallback: null });
/** The key the passphrase unlocked: in memory for this browser session only, so the lock returns on restart. */
export const lockKeyItem = storage.defineItem<LockKey | null>('session:secretLockKey', { fallback: null });

/** A token pasted for one account, for this browser session only. */
export function pastedTokenItem(accountId: string) {
  return storage.defineItem<PastedToken | null>(`session:pastedToken:${accountId}`, { fallback: null });
}

/** Before accounts, one account lived in these two keys; read once to move it into `accounts`. */
const legacyCredentialsItem = storage.defineItem<{ appId: string; appSecret: string } | null>('local:credentials', { fallback: null });
const legacyTokenSourceItem = storage.defineItem<'stable' | 'classic'>('local:tokenSource', { fallback: 'stable' });
const legacyPushServerItem = storage.defineItem<PushServer | null>('local:pushServer', { fallback: null });

let migrating: Promise<void> | undefined;
/** Once done in this worker it stays done: every request reads the accounts, and need not re-check old keys. */
let migrated = false;

/**
 * Moves a single-account install's credentials (and its test-push server) into the accounts
 * list, named after its AppID, and makes it current. Once per worker; a second caller waits for the first.
 */
export function migrateLegacyAccount(): Promise<void> {
  if (migrated) return Promise.resolve();
  migrating ??= (async () => {
    const [accounts, legacy, pushServer] = await Promise.all([accountsItem.getValue(), legacyCredentialsItem.getValue(), legacyPushServerItem.getValue()]);
    if (!legacy?.appId) return;
    if (accounts.length === 0) {
      const account: StoredAccount = {
        id: crypto.randomUUID(),
        name: legacy.appId,
        appId: legacy.appId,
        tokenSource: await legacyTokenSourceItem.getValue(),
        ...(legacy.appSecret && { appSecret: legacy.appSecret }),
        ...(pushServer && { pushServer }),
      };
      await setItemsForgetting([
        { item: accountsItem, value: [account] },
        { item: currentAccountIdItem, value: account.id },
      ]);
    }
    await Promise.all([legacyCredentialsItem.removeValue(), legacyTokenSourceItem.removeValue(), legacyPushServerItem.removeValue()]);
  })()
    .then(() => void (migrated = true))
    .finally(() => (migrating = undefined));
  return migrating;
}

/** Every account and the current one (undefined when there is none), after the one-time migration. */
export async function loadAccounts(): Promise<{ accounts: StoredAccount[]; current: StoredAccount | undefined }> {
  await migrateLegacyAccount();
  const [accounts, currentId] = await Promise.all([accountsItem.getValue(), currentAccountIdItem.getValue()]);
  return { accounts, current: accounts.find((account) => account.id === currentId) ?? accounts[0] };
}

/** For tests that reset storage between cases: the next read checks the old keys again. */
export function forgetAccountMigration(): void {
  migrated = false;
}
