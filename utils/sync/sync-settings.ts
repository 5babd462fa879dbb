import { browser } from 'wxt/browser';
import { fail } from '@/utils/messaging/app-error';
import { openCredential, storableCredential } from '@/utils/accounts/credential-seal';
import type { StoredSyncSettings } from './stored-sync-settings';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import { lockCheckItem, lockKeyItem, syncSettingsItem } from '@/utils/storage/items';
import { isLockKey } from '@/utils/accounts/secret-lock';
import { DEFAULT_ROOT_FOLDER, normaliseWebDavUrl, rootFolderProblem, webDavUrlProblem } from './webdav/webdav-location';
import type { WebDavSettings } from './webdav/webdav-client';

export type { StoredSyncSettings };

/**
 * Sync's settings, one WebDAV server for every account (each account gets its own folder there,
 * by AppID). The app password and the sync passphrase are write-only: pages learn only that they
 * are set, and they are sealed by the passphrase lock like the AppSecret (lock.ts reseals them with
 * the accounts' credentials).
 */

/** What pages may know. */
export interface PublicSyncSettings {
  configured: boolean;
  url: string;
  user: string;
  root: string;
  intervalMinutes: number;
  hasPassword: boolean;
  /** A sync passphrase is set: the server sees only ciphertext. */
  encrypted: boolean;
  /** A secret is sealed and the lock is closed: nothing syncs until it is unlocked. */
  needsUnlock: boolean;
}

export interface SaveSyncSettingsInput {
  url: string;
  user: string;
  /** Omitted or empty: keep the stored one (for the same server and user). */
  password?: string;
  root?: string;
  /** A new sync passphrase; omitted or empty: keep the stored one. */
  passphrase?: string;
  /** Turn encryption off (files written from now on are in the clear). */
  removePassphrase?: boolean;
  intervalMinutes?: number;
}

export const DEFAULT_INTERVAL_MINUTES = 15;
const MIN_INTERVAL_MINUTES = 5;
const MAX_INTERVAL_MINUTES = 24 * 60;
const MAX_USER_LENGTH = 256;

const isSealed = (stored: StoredSyncSettings) => Boolean(stored.lockedPassword || stored.lockedPassphrase);

export async function publicSyncSettings(): Promise<PublicSyncSettings> {
  const [stored, check, key] = await Promise.all([syncSettingsItem.getValue(), lockCheckItem.getValue(), lockKeyItem.getValue()]);
  const unlocked = check !== null && isLockKey(key);
  return {
    configured: stored !== null,
    url: stored?.url ?? '',
    user: stored?.user ?? '',
    root: stored?.root ?? DEFAULT_ROOT_FOLDER,
    intervalMinutes: stored?.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES,
    hasPassword: Boolean(stored?.password || stored?.lockedPassword),
    encrypted: Boolean(stored?.passphrase || stored?.lockedPassphrase),
    needsUnlock: stored !== null && isSealed(stored) && !unlocked,
  };
}

function intervalOf(minutes: number | undefined): number {
  if (minutes === undefined || !Number.isFinite(minutes)) return DEFAULT_INTERVAL_MINUTES;
  return Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, Math.round(minutes)));
}

async function sealed<K extends string>(value: string, plainKey: K, lockedKey: string): Promise<Record<string, unknown>> {
  const stored = await storableCredential(value);
  return 'sealed' in stored ? { [lockedKey]: stored.sealed } : { [plainKey]: stored.plain };
}

/** Validates and stores; the page has asked for the origin's permission in the Save click before sending this. */
export async function saveSyncSettings(input: SaveSyncSettingsInput): Promise<PublicSyncSettings> {
  const urlProblem = webDavUrlProblem(input.url);
  if (urlProblem) fail({ code: urlProblem, field: 'webdavUrl' });
  const root = (input.root ?? '').trim() || DEFAULT_ROOT_FOLDER;
  const rootProblem = rootFolderProblem(root);
  if (rootProblem) fail({ code: rootProblem, field: 'webdavRoot' });
  const user = input.user.trim().slice(0, MAX_USER_LENGTH);
  if (user === '') fail({ code: 'webdav_not_configured', field: 'webdavUser' });
  const url = normaliseWebDavUrl(input.url);
  const before = await syncSettingsItem.getValue();

  const next: StoredSyncSettings = { url, user, root, intervalMinutes: intervalOf(input.intervalMinutes) };
  const typed = input.password ?? '';
  if (typed !== '') Object.assign(next, await sealed(typed, 'password', 'lockedPassword'));
  // Kept only for the same server and user: a password must never be sent to a server it was not typed for.
  else if (before && before.url === url && before.user === user && (before.password || before.lockedPassword)) {
    Object.assign(next, before.lockedPassword ? { lockedPassword: before.lockedPassword } : { password: before.password });
  } else fail({ code: 'webdav_not_configured', field: 'webdavPassword' });

  const passphrase = input.passphrase ?? '';
  if (passphrase !== '') Object.assign(next, await sealed(passphrase, 'passphrase', 'lockedPassphrase'));
  else if (!input.removePassphrase && before && (before.passphrase || before.lockedPassphrase)) {
    Object.assign(next, before.lockedPassphrase ? { lockedPassphrase: before.lockedPassphrase } : { passphrase: before.passphrase });
  }
  await syncSettingsItem.setValue(next);
  return publicSyncSettings();
}

export async function removeSyncSettings(): Promise<PublicSyncSettings> {
  await syncSettingsItem.removeValue();
  return publicSyncSettings();
}

/** What a sync needs, in the clear (background only): null when sync is not set up. secret_locked when sealed and locked. */
export interface SyncCredentials {
  webdav: WebDavSettings;
  passphrase?: string;
  intervalMinutes: number;
}

export async function openSyncCredentials(): Promise<SyncCredentials | null> {
  const stored = await syncSettingsItem.getValue();
  if (!stored) return null;
  const password = (await openCredential(stored.password, stored.lockedPassword)) ?? '';
  const passphrase = await openCredential(stored.passphrase, stored.lockedPassphrase);
  return {
    webdav: { url: stored.url, user: stored.user, password, root: stored.root },
    ...(passphrase && { passphrase }),
    intervalMinutes: stored.intervalMinutes,
  };
}

/** Fails with webdav_permission_missing unless the browser lets the worker reach the server. */
export async function requireWebDavPermission(url: string): Promise<void> {
  if (!(await browser.permissions.contains({ origins: [originPermissionPattern(url)] }))) {
    fail({ code: 'webdav_permission_missing', params: [new URL(url).origin] });
  }
}
