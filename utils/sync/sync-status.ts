import type { AppError, ErrorCode } from '@/utils/messaging/app-error';

/**
 * What the popup and the history page show about one account's sync: when it last synced, how
 * many changes wait for the server, and what went wrong with its next step (the error's words say
 * it). Published through the one progress channel (job-progress.ts, kind 'sync', keyed by AppID)
 * and kept in local storage, so "last synced" survives a restart.
 */
export interface SyncStatus {
  appId: string;
  /**
   * idle: nothing running; syncing: a sync is under way; waiting: the server asked to wait (429 /
   * 503) and the sync waits as asked; error: it failed and the next sync (a change, the alarm) tries
   * again; paused: it failed in a way only the operator can fix (space, password, URL, passphrase):
   * nothing runs by itself until they press Sync now or save the settings.
   */
  state: 'idle' | 'syncing' | 'waiting' | 'error' | 'paused';
  lastSyncedAt?: number;
  /** Changes in this browser not on the server yet. */
  waiting: number;
  error?: AppError;
  /** While state is 'waiting': what the server asked, and until when (epoch ms). */
  serverWait?: { status: number; seconds: number; until: number };
  /** This browser never synced this account: the pages offer "Restore into this browser". */
  neverSynced?: boolean;
}

/**
 * Failures only the operator can fix: retrying by itself would fail the same way (and, on a hosted
 * service, spend the account's request budget). Everything else (network, timeouts, a busy server,
 * a file locked for a moment, the passphrase lock closed) is retried by the next sync.
 */
const PAUSES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'webdav_space_full',
  'webdav_unauthorized',
  'webdav_forbidden',
  'webdav_not_found',
  'webdav_method_not_allowed',
  'webdav_conflict',
  'webdav_redirect',
  'webdav_tls',
  'webdav_permission_missing',
  'webdav_url_invalid',
  'webdav_url_insecure',
  'webdav_root_invalid',
  'webdav_bad_response',
  // The engine's: the folder cannot be read with what this browser has.
  'sync_passphrase_needed',
  'sync_passphrase_wrong',
  'sync_folder_not_encrypted',
  'sync_file_unreadable',
  'sync_format_newer',
]);

export function pausesSync(error: AppError): boolean {
  return PAUSES.has(error.code);
}
