import { accountFor } from '@/utils/accounts/store';
import type { MessageHandlers } from '@/utils/messaging/router';
import type { SyncRunner } from './sync-runner';
import { syncSettingsHandlers } from './settings-handlers';

type SyncHandlers = Pick<
  MessageHandlers,
  'getSyncSettings' | 'saveSyncSettings' | 'removeSyncSettings' | 'testSyncServer' | 'syncStatus' | 'syncNow' | 'previewSyncRestore'
>;

/** The background's answers about sync: settings, the test, the status, Sync now and the restore preview. */
export function syncHandlers(runner: SyncRunner): SyncHandlers {
  return {
    ...syncSettingsHandlers(() => runner.settingsChanged()),
    syncStatus: async ({ accountId }) => runner.status((await accountFor(accountId)).appId),
    async syncNow({ accountId }) {
      const appId = accountId === undefined ? undefined : (await accountFor(accountId)).appId;
      await runner.request('manual', appId);
      return runner.status(appId ?? (await accountFor()).appId);
    },
    previewSyncRestore: async ({ accountId }) => runner.preview((await accountFor(accountId)).appId),
  };
}
