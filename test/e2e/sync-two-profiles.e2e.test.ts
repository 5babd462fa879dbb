/**
 * Sync between two browser profiles through a real Apache mod_dav (issue #14): a code made in A
 * appears in B's history; encrypted, the files on the server hold no
 * label, scene or url, and a wrong sync passphrase is refused without touching the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApacheWebDav } from '../stand-ins/apache-webdav';
import type { ExtensionBrowser } from './support/extension-browser';
import type { Suite } from './support/fixtures';
import { historyLabels, send, setUpSync as setUp, startSyncSuite, syncNow } from './support/sync-setup';

let suite: Suite;
let apache: ApacheWebDav;
let stopAll: () => Promise<void>;

const setUpSync = (browser: ExtensionBrowser, root: string, passphrase?: string) => setUp(browser, { apache, root, passphrase });

beforeAll(async () => {
  ({ suite, apache, stop: stopAll } = await startSyncSuite());
});

afterAll(async () => {
  await stopAll?.();
});

describe('two profiles, one WebDAV folder', () => {
  it('a code created in A appears in B', async () => {
    const b = await suite.launchBrowser({ localServerAccess: true });
    const pageA = await setUpSync(suite.browser, 'team-plain');
    const made = await send(pageA, {
      type: 'createQrCode',
      input: { actionName: 'QR_STR_SCENE', scene: 'store-sync-1', expireSeconds: 3600, label: '门店海报 A' },
    });
    expect(made.success).toBe(true);
    expect((await syncNow(pageA)).success).toBe(true);

    const pageB = await setUpSync(b, 'team-plain');
    expect((await syncNow(pageB)).success).toBe(true);
    expect(await historyLabels(pageB)).toMatchObject({ 'store-sync-1': '门店海报 A' });

    await pageA.close();
    await pageB.close();
  });

  it('encrypted: no label, scene or url on the server in plain text; a wrong passphrase is refused and the server is untouched', async () => {
    // A profile of its own: the suite's first one already keeps plain settings (its password stored).
    const a = await suite.launchBrowser({ localServerAccess: true });
    const pageA = await setUpSync(a, 'team-secret', 'correct horse battery');
    const made = await send(pageA, {
      type: 'createQrCode',
      input: { actionName: 'QR_STR_SCENE', scene: 'secret-scene-77', expireSeconds: 3600, label: 'hidden-label-77' },
    });
    expect(made.success).toBe(true);
    expect((await syncNow(pageA)).success).toBe(true);
    const url = (made.payload as { url: string }).url;
    const files = apache.files().filter((file) => file.path.includes('team-secret'));
    expect(files.length).toBeGreaterThan(1);
    const bytes = files.map((file) => file.bytes.toString('latin1')).join('\n');
    for (const plain of ['hidden-label-77', 'secret-scene-77', url]) expect(bytes).not.toContain(plain);

    const c = await suite.launchBrowser({ localServerAccess: true });
    const pageC = await setUpSync(c, 'team-secret', 'wrong passphrase');
    const before = apache
      .files()
      .filter((file) => file.path.includes('team-secret'))
      .map((file) => `${file.path}:${file.bytes.toString('base64')}`)
      .sort();
    const refused = await syncNow(pageC);
    const status = JSON.stringify(refused);
    expect(status).toContain('sync_passphrase_wrong');
    const after = apache
      .files()
      .filter((file) => file.path.includes('team-secret'))
      .map((file) => `${file.path}:${file.bytes.toString('base64')}`)
      .sort();
    expect(after).toEqual(before);
    expect(await historyLabels(pageC)).not.toHaveProperty('secret-scene-77');
    await pageA.close();
  });
});
