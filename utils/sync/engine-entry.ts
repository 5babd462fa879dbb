import type { EngineEntry } from './engine-adapter';
import { previewRestore } from './engine/restore-preview';
import { syncOnce } from './engine/engine';

/** Where the runner meets the sync engine: one sync of one account's folder, and the restore preview. */
export const engineEntry: EngineEntry = {
  syncOnce: ({ appId, folder, passphrase }) => syncOnce({ appId, folder, ...(passphrase && { passphrase }) }),
  previewRestore: ({ appId, folder, passphrase }) => previewRestore(appId, folder, passphrase),
};
