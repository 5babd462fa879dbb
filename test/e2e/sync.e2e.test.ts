/**
 * Sync through WebDAV (issue #14) against a real Apache mod_dav, started here: the options page's
 * settings and Test, the status on the popup, and the host permission refused on the real build.
 * Two profiles syncing are in sync-two-profiles.e2e.test.ts, faults in sync-faults.e2e.test.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApacheWebDav } from '../stand-ins/apache-webdav';
import { TEST_APP_ID } from '../stand-ins/wechat-stand-in';
import { PopupPage } from './page-objects/popup';
import { SyncSettingsSection } from './page-objects/sync-settings';
import type { Suite } from './support/fixtures';
import { send, startSyncSuite } from './support/sync-setup';

let suite: Suite;
let apache: ApacheWebDav;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  ({ suite, apache, stop: stopAll } = await startSyncSuite());
});

afterAll(async () => {
  await stopAll?.();
});

describe('sync settings against Apache mod_dav', () => {
  it('Test passes each right sync needs and leaves nothing behind but the account folder', async () => {
    const section = await SyncSettingsSection.open(suite.browser);
    await section.fill({ url: apache.url, user: apache.user, password: apache.password });
    await section.test();
    expect(await section.stepResults()).toEqual({ propfind: 'passed', mkcol: 'passed', put: 'passed', get: 'passed', delete: 'passed' });
    expect(existsSync(join(apache.documentRoot, 'dav', 'scene-qr', TEST_APP_ID))).toBe(true);
    expect(apache.files().filter((file) => file.path.includes('.scene-qr-check-'))).toEqual([]);
    await section.close();
  });

  it('a wrong app password stops at the first step and says the WebDAV server refused it (401)', async () => {
    const section = await SyncSettingsSection.open(suite.browser);
    await section.fill({ url: apache.url, user: apache.user, password: 'not-the-password' });
    await section.test();
    expect(await section.stepResults()).toMatchObject({ propfind: 'failed', mkcol: 'skipped' });
    expect(await section.alertText()).toContain('401');
    await section.close();
  });

  it('saved, the app password and sync passphrase never come back to a page; the popup shows the status with Sync now', async () => {
    const section = await SyncSettingsSection.open(suite.browser);
    await section.fill({ url: apache.url, user: apache.user, password: apache.password, passphrase: 'team-words-7q' });
    await section.save();
    await section.page.locator('[data-testid=webdavPassword-stored]').waitFor();
    await section.page.locator('[data-testid=syncPassphrase-stored]').waitFor();
    const reply = JSON.stringify(await send(section.page, { type: 'getSyncSettings' }));
    expect(reply).toContain('"encrypted":true');
    expect(reply).not.toContain(apache.password);
    expect(reply).not.toContain('team-words-7q');
    await section.close();
    const popup = await PopupPage.open(suite.browser);
    const status = popup.page.locator('[data-testid=sync-status]');
    await status.waitFor();
    expect(await status.getAttribute('data-state')).not.toBe('off');
    await status.getByRole('button', { name: '立即同步' }).waitFor();
    await popup.close();
  });
});

describe('the host permission on the real build', () => {
  it('without the grant nothing reaches the server, and the status names the origin to allow', async () => {
    const plain = await suite.launchBrowser();
    try {
      const options = await plain.open('options');
      // Stored through the background directly: the prompt the form would show cannot be answered headless.
      const before = apache.requests().length;
      expect(await send(options, { type: 'saveSyncSettings', input: { url: apache.url, user: apache.user, password: apache.password } })).toMatchObject({
        success: true,
      });
      const settings = (await send(options, { type: 'getSettings' })) as { payload: { currentAccountId: string } };
      expect(await send(options, { type: 'syncNow', input: { accountId: settings.payload.currentAccountId } })).toMatchObject({
        success: true,
        payload: { state: 'paused', error: { code: 'webdav_permission_missing', params: [apache.origin] } },
      });
      expect(await send(options, { type: 'testSyncServer', input: { url: apache.url, user: apache.user, password: apache.password } })).toMatchObject({
        success: false,
        error: { code: 'webdav_permission_missing', params: [apache.origin] },
      });
      expect(apache.requests().slice(before)).toEqual([]);
      // The popup explains it: what is missing, for which server.
      const popup = await PopupPage.open(plain);
      const status = popup.page.locator('[data-testid=sync-status][data-state=paused]');
      await status.waitFor();
      expect(await status.innerText()).toContain(apache.origin);
      await popup.close();
    } finally {
      await plain.close();
    }
  });
});
