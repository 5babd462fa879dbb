import { browser } from 'wxt/browser';
import { type AppError, fail, toAppError } from '@/utils/messaging/app-error';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import { loadAccounts } from '@/utils/accounts/store';
import { syncStatusItem } from '@/utils/storage/items';
import type { AccountPass, RestorePreview, SyncEnginePort } from './engine-port';
import { type SyncCredentials, openSyncCredentials, requireWebDavPermission } from './sync-settings';
import { type SyncStatus, pausesSync } from './sync-status';
import { webDavFolder } from './webdav/webdav-client';
import type { ServerWait, WebDavRequestOptions } from './webdav/webdav-request';

/**
 * When sync runs, one at a time: after history changes (debounced), at browser start, every N
 * minutes by an alarm while the browser runs, and on "Sync now". Each run syncs every account into
 * its own folder with the settings read once at its start. A request while a run is under way is
 * remembered and run once after it (never two at once: the engine's segment numbers assume one
 * writer per browser). A run cut off (the worker stopped, the server gone) leaves its status
 * 'syncing'; the next worker start sees it and runs again: the engine resumes where it stopped.
 */
export const SYNC_ALARM = 'sync-periodic';
/** A burst of edits (an import, a batch) becomes one sync. */
export const CHANGE_DEBOUNCE_MS = 3000;

export type SyncReason = 'change' | 'startup' | 'alarm' | 'manual' | 'settings' | 'resume';

export interface SyncRunnerOptions {
  now?: () => number;
  /** Request options for every WebDAV call (tests pass a fetch or a sleep). */
  request?: WebDavRequestOptions;
}

export interface SyncRunner {
  /** Runs now (or right after the run under way). `manual` also lifts a pause. */
  request(reason: SyncReason, appId?: string): Promise<void>;
  /** A history change: a sync in CHANGE_DEBOUNCE_MS unless another change comes first (during a run: after it, if still waiting). */
  changed(): void;
  /** At worker start: publish the stored statuses, set the alarm, resume a run that was cut off. */
  wake(): Promise<void>;
  /** The settings were saved or removed: the alarm's interval, pauses lifted, a first sync. */
  settingsChanged(): Promise<void>;
  preview(appId: string): Promise<RestorePreview>;
  status(appId: string): Promise<SyncStatus>;
  /** True while a run is under way. */
  readonly busy: boolean;
}

export function createSyncRunner(engine: SyncEnginePort, options: SyncRunnerOptions = {}): SyncRunner {
  const now = options.now ?? Date.now;
  let running: Promise<void> | undefined;
  let again: { reason: SyncReason; appId?: string } | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  // History changed during a run: the run's own merge writes, or the operator's edit made meanwhile.
  let changedDuringRun = false;

  async function save(status: SyncStatus): Promise<SyncStatus> {
    const all = await syncStatusItem.getValue();
    await syncStatusItem.setValue({ ...all, [status.appId]: status });
    await publishJobProgress('sync', status.appId, status);
    return status;
  }

  async function statusOf(appId: string): Promise<SyncStatus> {
    const stored = (await syncStatusItem.getValue())[appId];
    return stored ?? { appId, state: 'idle', waiting: await engine.waitingChanges(appId), neverSynced: !(await engine.hasSynced(appId)) };
  }

  function passFor(credentials: SyncCredentials, appId: string, onWait: (wait: ServerWait) => void): AccountPass {
    const folder = webDavFolder(credentials.webdav, appId, { ...options.request, onWait });
    return { appId, folder, ...(credentials.passphrase && { passphrase: credentials.passphrase }) };
  }

  async function syncAccount(credentials: SyncCredentials, appId: string, reason: SyncReason): Promise<void> {
    const before = await statusOf(appId);
    // A pause waits for the operator: only Sync now or new settings lift it.
    if (before.state === 'paused' && reason !== 'manual' && reason !== 'settings') return;
    let status: SyncStatus = await save({ ...before, state: 'syncing', error: undefined, serverWait: undefined });
    const onWait = (wait: ServerWait) => {
      status = { ...status, state: 'waiting', serverWait: { status: wait.status, seconds: wait.seconds, until: now() + wait.seconds * 1000 } };
      void save(status);
    };
    try {
      await engine.syncAccount(passFor(credentials, appId, onWait));
      await save({ appId, state: 'idle', lastSyncedAt: now(), waiting: await engine.waitingChanges(appId), neverSynced: false });
    } catch (thrown) {
      await failed(appId, toAppError(thrown), status.lastSyncedAt);
    }
  }

  async function failed(appId: string, error: AppError, lastSyncedAt?: number): Promise<void> {
    const state = pausesSync(error) ? 'paused' : 'error';
    const waiting = await engine.waitingChanges(appId).catch(() => 0);
    await save({ appId, state, error, waiting, ...(lastSyncedAt !== undefined && { lastSyncedAt }), neverSynced: !(await engine.hasSynced(appId)) });
  }

  async function runAll(reason: SyncReason, only?: string): Promise<void> {
    const { accounts } = await loadAccounts();
    const appIds = accounts.map((account) => account.appId).filter((appId) => only === undefined || appId === only);
    let credentials: SyncCredentials | null;
    try {
      credentials = await openSyncCredentials();
      if (credentials) await requireWebDavPermission(credentials.webdav.url);
    } catch (thrown) {
      // Locked, or the permission withdrawn: every account alike.
      for (const appId of appIds) await failed(appId, toAppError(thrown), (await statusOf(appId)).lastSyncedAt);
      return;
    }
    if (!credentials) return;
    for (const appId of appIds) await syncAccount(credentials, appId, reason);
  }

  function request(reason: SyncReason, appId?: string): Promise<void> {
    if (running) {
      // One more run after this one, with the strongest reason asked for meanwhile.
      again = again && again.reason === 'manual' ? again : { reason, appId: again && again.appId !== appId ? undefined : appId };
      return running;
    }
    running = (async () => {
      try {
        await runAll(reason, appId);
      } finally {
        running = undefined;
      }
      const next = again;
      again = undefined;
      if (next) await request(next.reason, next.appId);
      else if (changedDuringRun) await followUp();
    })();
    return running;
  }

  /**
   * After a run that saw history change: only a change the run did not send (still waiting) needs
   * another sync; the merge's own writes leave nothing waiting, so they never start one.
   */
  async function followUp(): Promise<void> {
    changedDuringRun = false;
    const { accounts } = await loadAccounts();
    const waiting = await Promise.all(accounts.map((account) => engine.waitingChanges(account.appId).catch(() => 0)));
    if (waiting.some((count) => count > 0)) schedule();
  }

  function schedule(): void {
    clearTimeout(debounce);
    debounce = setTimeout(() => void request('change'), CHANGE_DEBOUNCE_MS);
  }

  async function armAlarm(): Promise<void> {
    const credentials = await openSyncCredentials().catch(() => undefined);
    const stored = credentials === undefined ? await browser.alarms.get(SYNC_ALARM) : undefined;
    if (credentials === null) return void (await browser.alarms.clear(SYNC_ALARM));
    const minutes = credentials?.intervalMinutes ?? stored?.periodInMinutes;
    if (!minutes) return;
    const existing = await browser.alarms.get(SYNC_ALARM);
    if (existing?.periodInMinutes !== minutes) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
  }

  return {
    request,
    changed() {
      if (running) changedDuringRun = true;
      else schedule();
    },
    async wake() {
      const statuses = await syncStatusItem.getValue();
      for (const status of Object.values(statuses)) await publishJobProgress('sync', status.appId, status);
      await armAlarm();
      const cutOff = Object.values(statuses).some((status) => status.state === 'syncing' || status.state === 'waiting');
      if (cutOff) void request('resume');
    },
    async settingsChanged() {
      await armAlarm();
      void request('settings');
    },
    async preview(appId) {
      const credentials = await openSyncCredentials();
      if (!credentials) fail({ code: 'webdav_not_configured' });
      await requireWebDavPermission(credentials.webdav.url);
      return engine.previewRestore(passFor(credentials, appId, () => undefined));
    },
    status: statusOf,
    get busy() {
      return running !== undefined;
    },
  };
}
