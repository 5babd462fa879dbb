import { storage } from 'wxt/utils/storage';
import type { StoredAccount } from '@/utils/accounts/account';
import type { LockKey, LockedSecret } from '@/utils/accounts/secret-lock';
import type { PastedToken } from '@/utils/accounts/token-server';
import { type ContextMenuSettings, DEFAULT_CONTEXT_MENU_SETTINGS } from '@/utils/context-menu/settings';
import { DEFAULT_EXPIRY_REMINDER, type ExpiryReminderRun, type ExpiryReminderSettings } from '@/utils/expiry/reminder-settings';
import type { PushServer } from '@/utils/push/push-server';
import type { StoredSyncSettings } from '@/utils/sync/stored-sync-settings';
import type { SyncStatus } from '@/utils/sync/sync-status';
import type { CheckupResult } from '@/utils/checkup/checkup-result';
import { memoizedItem } from './memo';

/**
 * Every extension-storage item, with its area in its key: `local:` survives a restart (and sits in
 * the profile's files on disk), `session:` lives in the browser's memory until it closes. Only the
 * background writes the items that hold credentials; pages never read them.
 * The IndexedDB databases are history-db.ts and report-db.ts beside this file.
 */

// ---- local: kept on disk -------------------------------------------------------------------------

/** Every Official Account: credentials sealed by the passphrase lock when it is on. Read on every WeChat call, so kept in the worker's memory (memo.ts). */
export const accountsItem = memoizedItem(storage.defineItem<StoredAccount[]>('local:accounts', { fallback: [] }));

/** Which account the popup and new operations use; a running operation keeps the account it started with. */
export const currentAccountIdItem = memoizedItem(storage.defineItem<string | null>('local:currentAccountId', { fallback: null }));

/** Set while the passphrase lock is on: a known text sealed with the passphrase, to check it with. */
export const lockCheckItem = storage.defineItem<LockedSecret | null>('local:secretLockCheck', { fallback: null });

/** How "QR for this link param" behaves; edited on the options page. */
export const contextMenuSettingsItem = storage.defineItem<ContextMenuSettings>('local:contextMenu', {
  fallback: DEFAULT_CONTEXT_MENU_SETTINGS,
});

/** The daily reminder of codes expiring soon (issue #15): off until the options page turns it on; the background arms its alarm. */
export const expiryReminderItem = storage.defineItem<ExpiryReminderSettings>('local:expiryReminder', { fallback: DEFAULT_EXPIRY_REMINDER });

/** What the last reminder counted and when: the options page shows it. */
export const expiryReminderLastItem = storage.defineItem<ExpiryReminderRun | null>('local:expiryReminderLast', { fallback: null });

/**
 * Sync's WebDAV server (issue #14): URL, user, root folder, interval, and the app password and sync
 * passphrase (write-only, sealed by the passphrase lock when it is on). Only the background reads it.
 */
export const syncSettingsItem = storage.defineItem<StoredSyncSettings | null>('local:syncSettings', { fallback: null });

/** Each account's last sync status by AppID, so "last synced" and a pause survive a restart (pages read it through job-progress.ts). */
export const syncStatusItem = storage.defineItem<Record<string, SyncStatus>>('local:syncStatus', { fallback: {} });

/** Before accounts, one account lived in these keys; read once to move it into `accounts` (accounts/store.ts). */
/** The last check-up (体检) of each account, by account id: the options page shows it, the popup warns when it failed. No secrets in it. */
export const checkupsItem = storage.defineItem<Record<string, CheckupResult>>('local:checkups', { fallback: {} });

export const legacyCredentialsItem = storage.defineItem<{ appId: string; appSecret: string } | null>('local:credentials', { fallback: null });
export const legacyTokenSourceItem = storage.defineItem<'stable' | 'classic'>('local:tokenSource', { fallback: 'stable' });
export const legacyPushServerItem = storage.defineItem<PushServer | null>('local:pushServer', { fallback: null });

// ---- session: memory only, gone when the browser closes ------------------------------------------

/** The key the passphrase unlocked: for this browser session only, so the lock returns on restart. */
export const lockKeyItem = storage.defineItem<LockKey | null>('session:secretLockKey', { fallback: null });

/** A cached access token. Unreadable by content scripts, gone when the browser closes. */
export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which we stop using it (WeChat's lifetime minus a safety margin). */
  usableUntil: number;
}

const tokenItems = new Map<string, ReturnType<typeof defineTokenItem>>();

function defineTokenItem(appId: string) {
  // Read on every WeChat call: kept in the worker's memory (memo.ts).
  return memoizedItem(storage.defineItem<CachedToken | null>(`session:accessToken:${appId}`, { fallback: null }));
}

/** One access-token item per AppID for the worker's life, so its memory is shared by every caller. */
export function tokenItem(appId: string) {
  let item = tokenItems.get(appId);
  if (!item) tokenItems.set(appId, (item = defineTokenItem(appId)));
  return item;
}

/** A token pasted for one account, for this browser session only. */
export function pastedTokenItem(accountId: string) {
  return storage.defineItem<PastedToken | null>(`session:pastedToken:${accountId}`, { fallback: null });
}

/**
 * A background job's live progress, one item per job (`kind` the job's kind, `key` which one: a
 * batch's id, a report's AppID), written only by the background and watched by pages: changes are
 * pushed (no polling), and each write is an extension API call, which is also what keeps Chrome from
 * stopping the worker mid-job. Typed and used through utils/messaging/job-progress.ts only.
 */
export function jobProgressItem<T>(kind: string, key: string) {
  return storage.defineItem<T | null>(`session:jobProgress:${kind}:${key}`, { fallback: null });
}
