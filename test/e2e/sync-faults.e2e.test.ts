/**
 * Sync through a real Apache mod_dav when things go wrong (issue #14): an edit in one browser and a
 * delete in the other at the same time converge; the server stopped in the middle of an upload
 * loses nothing and the next sync finishes it; a full server (507) pauses with the reason and
 * resumes once there is space. And the channel report in the second browser names the first one's
 * codes, instead of calling them "made elsewhere".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CutProxy } from '../stand-ins/cut-proxy';
import { generateFollowers } from '../stand-ins/follower-base';
import { TEST_APP_ID } from '../stand-ins/wechat-stand-in';
import type { ApacheWebDav } from '../stand-ins/apache-webdav';
import { HistoryPage } from './page-objects/history';
import { ReportPage } from './page-objects/report';
import type { Suite } from './support/fixtures';
import { historyCount, historyLabels, send, setUpSync, startSyncSuite, syncNow, syncStatus } from './support/sync-setup';

let suite: Suite;
let apache: ApacheWebDav;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  ({ suite, apache, stop: stopAll } = await startSyncSuite());
});

afterAll(async () => {
  await stopAll?.();
});

async function createCode(page: Page, scene: string, label: string): Promise<void> {
  const made = await send(page, { type: 'createQrCode', input: { actionName: 'QR_STR_SCENE', scene, expireSeconds: 86400, label } });
  expect(made.success, JSON.stringify(made)).toBe(true);
}

/** Syncs each page in turn until none of them receives or sends anything more. */
async function syncUntilQuiet(...pages: Page[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const page of pages) {
      const reply = await syncNow(page);
      expect(reply, JSON.stringify(reply)).toMatchObject({ success: true, payload: { state: 'idle', waiting: 0 } });
    }
  }
}

/** Files under one root on the server's disk, name → bytes (base64). */
function serverFiles(root: string): Record<string, string> {
  return Object.fromEntries(
    apache
      .files()
      .filter((file) => file.path.startsWith(`${root}/`))
      .map((file) => [file.path, file.bytes.toString('base64')]),
  );
}

/** Writes `count` codes straight into a profile's history, as codes made before sync was set up. */
function seedHistory(page: Page, count: number): Promise<void> {
  return page.evaluate(
    ({ count, appId }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('scene-qr');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('codes', 'readwrite');
          const store = tx.objectStore('codes');
          const createdAt = Date.now() - 3600_000;
          for (let i = 0; i < count; i++) {
            store.add({
              id: `seeded-${i}`,
              appId,
              actionName: 'QR_STR_SCENE',
              scene: `bulk-${i}`,
              label: `海报 ${i}`,
              ticket: `ticket-bulk-${i}`,
              url: `http://weixin.qq.com/q/bulk-${i}`,
              expireSeconds: 2592000,
              createdAt: createdAt + i,
              expiresAt: createdAt + i + 2592000_000,
            });
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { count, appId: TEST_APP_ID },
  );
}

describe('two browsers changing the same code', () => {
  it('an edit in B and a delete in A at the same time converge to the same history in both', async () => {
    const [a, b] = [await suite.launchBrowser({ localServerAccess: true }), await suite.launchBrowser({ localServerAccess: true })];
    try {
      const pageA = await setUpSync(a, { apache, root: 'team-conflict' });
      await createCode(pageA, 'both-change', '双方都改');
      await createCode(pageA, 'edit-only', '只在 B 改');
      const pageB = await setUpSync(b, { apache, root: 'team-conflict' });
      await syncUntilQuiet(pageA, pageB);
      expect(await historyLabels(pageB)).toEqual({ 'both-change': '双方都改', 'edit-only': '只在 B 改' });

      // B edits both codes, then A deletes one of them, each before seeing the other's change.
      const historyB = await HistoryPage.open(b);
      for (const [scene, before, label] of [
        ['both-change', '双方都改', 'B 改过的标签'],
        ['edit-only', '只在 B 改', 'B 的新标签'],
      ] as const) {
        await historyB.page.locator('.code-row .row-main', { hasText: scene }).click();
        // The detail is drawn once the record is read: fill its field then, not the previous code's.
        const field = historyB.page.locator('input[name=editLabel]');
        await expect.poll(() => field.inputValue()).toBe(before);
        await field.fill(label);
        await historyB.page.getByRole('button', { name: '保存修改' }).click();
        await historyB.page.locator('.code-row .row-label', { hasText: label }).waitFor();
      }
      const historyA = await HistoryPage.open(a);
      await historyA.page.locator('.code-row .row-main', { hasText: 'both-change' }).click();
      await historyA.page.getByRole('button', { name: '从本地历史删除' }).click();
      await expect.poll(() => historyA.count()).toMatch(/\b1\b/);

      await syncUntilQuiet(pageA, pageB);
      const inA = await historyLabels(pageA);
      expect(inA).toEqual({ 'edit-only': 'B 的新标签' });
      expect(await historyLabels(pageB)).toEqual(inA);
      // B's open history page follows the merge: the deleted code leaves its list.
      await expect.poll(() => historyB.shownScenes()).toEqual(['edit-only']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('the server goes away or fills up', () => {
  it('stopped in the middle of an upload: nothing is lost, and the next sync finishes it', async () => {
    const proxy = await CutProxy.start(apache.port);
    const [a, b] = [await suite.launchBrowser({ localServerAccess: true }), await suite.launchBrowser({ localServerAccess: true })];
    try {
      // 6,000 codes made before sync was set up: the first sync sends them as two segments (5,000 + 1,000).
      const history = await HistoryPage.open(a);
      await seedHistory(history.page, 6000);
      const cut = proxy.cutDuring(/^PUT \S*\/seg-/, 2, () => apache.stop());
      // Saving the settings starts the first sync; the server stops half-way through its second segment.
      const pageA = await setUpSync(a, { apache, root: 'team-cut', url: `${proxy.origin}/dav/` });
      expect(await cut).toMatch(/^PUT \S+\/seg-\S+ HTTP\/1\.1$/);
      await expect.poll(async () => JSON.stringify({ status: await syncStatus(pageA), proxy: proxy.seen }), { timeout: 30_000 }).toContain('"state":"error"');
      const broken = await syncStatus(pageA);
      // The first segment reached the server; the second one's 1,000 codes still wait in this browser.
      expect(broken.waiting).toBe(1000);
      expect(broken.error?.code).toMatch(/^webdav_/);
      // It was the first sync that broke off: none has finished yet.
      expect(broken.lastSyncedAt).toBeUndefined();

      await apache.start();
      expect(await syncNow(pageA)).toMatchObject({ success: true, payload: { state: 'idle', waiting: 0 } });
      expect(Object.keys(serverFiles('team-cut')).length).toBeGreaterThan(0);

      const pageB = await setUpSync(b, { apache, root: 'team-cut' });
      expect(await syncNow(pageB)).toMatchObject({ success: true, payload: { state: 'idle' } });
      const inB = await historyLabels(pageB);
      expect(Object.keys(inB)).toHaveLength(6000);
      expect(inB['bulk-0']).toBe('海报 0');
      expect(inB['bulk-5999']).toBe('海报 5999');
      expect(await historyCount(pageB)).toBe(6000);
    } finally {
      await apache.start();
      await proxy.stop();
      await a.close();
      await b.close();
    }
  });

  it('507 during an upload pauses with the reason and changes nothing on the server; with space again it resumes', async () => {
    const [a, b] = [await suite.launchBrowser({ localServerAccess: true }), await suite.launchBrowser({ localServerAccess: true })];
    try {
      const pageA = await setUpSync(a, { apache, root: 'team-full' });
      expect(await syncNow(pageA)).toMatchObject({ success: true, payload: { state: 'idle' } });
      const before = serverFiles('team-full');
      apache.full(true);
      await createCode(pageA, 'made-while-full', '空间满时新建');
      const paused = await syncNow(pageA);
      expect(paused).toMatchObject({ success: true, payload: { state: 'paused', waiting: 1, error: { code: 'webdav_space_full' } } });
      expect(serverFiles('team-full')).toEqual(before);
      // Paused: a new change does not start a sync by itself (each would spend a request on a full server).
      const requests = apache.requests().length;
      await createCode(pageA, 'second-while-full', '第二个');
      expect((await syncStatus(pageA)).state).toBe('paused');
      expect(apache.requests().length).toBe(requests);

      apache.full(false);
      expect(await syncNow(pageA)).toMatchObject({ success: true, payload: { state: 'idle', waiting: 0 } });
      const pageB = await setUpSync(b, { apache, root: 'team-full' });
      expect(await syncNow(pageB)).toMatchObject({ success: true });
      expect(await historyLabels(pageB)).toMatchObject({ 'made-while-full': '空间满时新建', 'second-while-full': '第二个' });
    } finally {
      apache.full(false);
      await a.close();
      await b.close();
    }
  });
});

describe('the channel report in a colleague\u2019s browser', () => {
  it('names the codes made in the other browser, not "made elsewhere"', async () => {
    const [a, b] = [await suite.launchBrowser({ localServerAccess: true }), await suite.launchBrowser({ localServerAccess: true })];
    try {
      const pageA = await setUpSync(a, { apache, root: 'team-report' });
      await createCode(pageA, 'colleague-poster', '同事的海报');
      expect(await syncNow(pageA)).toMatchObject({ success: true, payload: { waiting: 0 } });
      const pageB = await setUpSync(b, { apache, root: 'team-report' });
      expect(await syncNow(pageB)).toMatchObject({ success: true });

      suite.standIn.setFollowers(
        generateFollowers({ count: 300, seed: 14, scenes: { sceneStr: ['colleague-poster'] }, unfollowedShare: 0, noSceneShare: 0.2, now: Date.now() }),
      );
      const report = await ReportPage.open(b);
      await report.page.locator('button[name=start]').click();
      await report.page.locator('[data-testid=report-confirm]').waitFor();
      await report.page.locator('button[name=resume]').click();
      await report.page.locator('.report-body').waitFor({ timeout: 30_000 });
      const row = report.page.locator('tr[data-key="str:colleague-poster"]');
      expect(await row.locator('td.label').innerText()).toBe('同事的海报');
      expect(await report.rowFollowers('str:colleague-poster')).toBeGreaterThan(0);
      expect(await report.rowFollowers('elsewhere')).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
