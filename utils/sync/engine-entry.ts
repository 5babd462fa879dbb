import type { EngineEntry } from './engine-adapter';

/**
 * Where the runner meets the sync engine (branch sync-engine). Until that branch's one-sync entry
 * point is merged, a sync fails with this, and the status shows it: nothing is written anywhere.
 */
export const engineEntry: EngineEntry = {
  syncOnce() {
    return Promise.reject(new Error('The sync engine is not merged into this build yet (branch sync-engine).'));
  },
  previewRestore() {
    return Promise.reject(new Error('The sync engine is not merged into this build yet (branch sync-engine).'));
  },
};
