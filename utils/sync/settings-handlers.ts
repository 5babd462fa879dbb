import { fail } from '@/utils/messaging/app-error';
import { accountFor } from '@/utils/accounts/store';
import type { MessageHandlers } from '@/utils/messaging/router';
import { syncSettingsItem } from '@/utils/storage/items';
import { openCredential } from '@/utils/accounts/credential-seal';
import { type CheckResult, checkWebDav } from './webdav/webdav-check';
import { DEFAULT_ROOT_FOLDER, normaliseWebDavUrl, rootFolderProblem, webDavUrlProblem } from './webdav/webdav-location';
import { type SaveSyncSettingsInput, publicSyncSettings, removeSyncSettings, requireWebDavPermission, saveSyncSettings } from './sync-settings';

/**
 * "Test" on the options page: the rights sync needs, on the values in the form (the password typed,
 * or the stored one when the form keeps it for the same server and user), in the current account's
 * folder (the one sync would write).
 */
export async function testSyncServer(input: SaveSyncSettingsInput & { accountId?: string }): Promise<CheckResult> {
  const urlProblem = webDavUrlProblem(input.url);
  if (urlProblem) fail({ code: urlProblem, field: 'webdavUrl' });
  const root = (input.root ?? '').trim() || DEFAULT_ROOT_FOLDER;
  const rootProblem = rootFolderProblem(root);
  if (rootProblem) fail({ code: rootProblem, field: 'webdavRoot' });
  const url = normaliseWebDavUrl(input.url);
  const user = input.user.trim();
  let password = input.password ?? '';
  if (password === '') {
    const stored = await syncSettingsItem.getValue();
    if (stored && stored.url === url && stored.user === user) password = (await openCredential(stored.password, stored.lockedPassword)) ?? '';
  }
  if (user === '' || password === '') fail({ code: 'webdav_not_configured', field: password === '' ? 'webdavPassword' : 'webdavUser' });
  await requireWebDavPermission(url);
  const account = await accountFor(input.accountId);
  return checkWebDav({ url, user, password, root }, account.appId);
}

type SettingsHandlers = Pick<MessageHandlers, 'getSyncSettings' | 'saveSyncSettings' | 'removeSyncSettings' | 'testSyncServer'>;

export function syncSettingsHandlers(onSaved: () => Promise<void>): SettingsHandlers {
  return {
    getSyncSettings: publicSyncSettings,
    async saveSyncSettings(input) {
      const saved = await saveSyncSettings(input);
      // New settings: the alarm's interval, a pause for the old settings lifted, a first sync.
      await onSaved();
      return saved;
    },
    async removeSyncSettings() {
      const removed = await removeSyncSettings();
      await onSaved();
      return removed;
    },
    testSyncServer,
  };
}
