import type { LockedSecret } from '@/utils/accounts/secret-lock';

/** Sync's settings as stored (utils/storage/items.ts: syncSettingsItem); read and written by sync-settings.ts and the lock. */
export interface StoredSyncSettings {
  url: string;
  user: string;
  root: string;
  /** Minutes between syncs while the browser runs. */
  intervalMinutes: number;
  password?: string;
  lockedPassword?: LockedSecret;
  /** End-to-end encryption of the files on the server (the engine's); absent: files in the clear. */
  passphrase?: string;
  lockedPassphrase?: LockedSecret;
}
