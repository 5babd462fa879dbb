import type { AccountPass, RestorePreview, SyncEnginePort } from './engine-port';
// The engine's own answers: changes waiting = its outbox (engine/push.ts), synced = its account row.
import { hasSynced, waitingChanges } from './engine/engine';

/**
 * The sync engine's own entry points (engine.ts, restore-preview.ts), as the runner needs them:
 * one sync of one account's folder, and a read-only look at what a restore would bring in.
 */
export interface EngineEntry {
  syncOnce(pass: AccountPass): Promise<unknown>;
  previewRestore(pass: AccountPass): Promise<RestorePreview>;
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
