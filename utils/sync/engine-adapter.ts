import { historyDb } from '@/utils/storage/history-db';
import type { AccountPass, RestorePreview, SyncEnginePort } from './engine-port';
import { accountKey } from './merge/local-rows';
import { pendingCount } from './engine/push';

/**
 * The sync engine's own entry points (engine.ts, restore-preview.ts), as the runner needs them:
 * one sync of one account's folder, and a read-only look at what a restore would bring in.
 */
export interface EngineEntry {
  syncOnce(pass: AccountPass): Promise<unknown>;
  previewRestore(pass: AccountPass): Promise<RestorePreview>;
}

/** Changes waiting for the server: the outbox the engine keeps in the history database (index byPending). */
export const waitingChanges = pendingCount;

/** Synced before: the engine's per-account row records its last completed sync. */
export async function hasSynced(appId: string): Promise<boolean> {
  const row = await (await historyDb()).get('syncState', accountKey(appId));
  return row !== undefined && row.key !== 'device' && row.lastSyncedAt !== undefined;
}

export function engineAdapter(entry: EngineEntry): SyncEnginePort {
  return {
    async syncAccount(pass) {
      await entry.syncOnce(pass);
    },
    previewRestore: (pass) => entry.previewRestore(pass),
    waitingChanges,
    hasSynced,
  };
}
