import { unzipSync } from 'fflate';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_ID } from '../stand-ins/wechat-stand-in';
import { BatchPage } from './page-objects/batch';
import { HistoryPage } from './page-objects/history';
import { OptionsPage } from './page-objects/options';
import { historyRecords } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

/**
 * Issue #15 part 4, expiring codes renewed in time: "renew selected" as one background batch with its
 * print ZIP, the renewal links in a code's detail, the "expires within 3 / 7 days" filters and their
 * counts, and the daily reminder driven through its alarm in the service worker.
 */

const DAY = 86_400_000;
const COUNT = 30;

// The extension's API inside the service worker, where the evaluated functions run.
declare const chrome: {
  alarms: {
    get(name: string): Promise<{ periodInMinutes?: number } | undefined>;
    create(name: string, info: { when: number; periodInMinutes: number }): Promise<void>;
  };
  notifications: { getAll(): Promise<Record<string, boolean>> };
  storage: { local: { get(key: string): Promise<Record<string, { count: number; days: number } | undefined>> } };
};

let suite: Suite;

beforeAll(async () => {
  suite = await startSuite();
});

afterAll(() => suite?.stop());

function record(
  id: string,
  fields: { kind?: 'QR_SCENE' | 'QR_STR_SCENE'; scene: string; label: string; lifetimeS: number; expiresAt: number; renewedFromId?: string },
) {
  const kind = fields.kind ?? 'QR_STR_SCENE';
  return {
    id,
    appId: TEST_APP_ID,
    actionName: kind,
    scene: fields.scene,
    label: fields.label,
    ticket: `gQH+/${id}==`,
    url: `http://weixin.qq.com/q/${id}`,
    expireSeconds: fields.lifetimeS,
    createdAt: fields.expiresAt - fields.lifetimeS * 1000,
    expiresAt: fields.expiresAt,
    ...(fields.renewedFromId && { renewedFromId: fields.renewedFromId }),
  };
}

async function importRecords(history: HistoryPage, records: object[], name: string): Promise<void> {
  const file = { format: 'scene-qr-history', version: 1, exportedAt: new Date().toISOString(), records };
  await history.page.locator('input[name=importFile]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await history.page.getByRole('status').getByText(`已导入 ${records.length} 个`).waitFor();
}

/** 30 expired codes, half numeric scenes living 10 days, half string scenes living 30 days. */
const expired = Array.from({ length: COUNT }, (_, i) =>
  i % 2 === 0
    ? record(`exp-${i}`, { kind: 'QR_SCENE', scene: String(500 + i), label: `旧码 ${i}`, lifetimeS: 864_000, expiresAt: Date.now() - (i + 1) * 3_600_000 })
    : record(`exp-${i}`, { scene: `old-${i}`, label: `旧码 ${i}`, lifetimeS: 2_592_000, expiresAt: Date.now() - (i + 1) * 3_600_000 }),
);

describe('expiring codes renewed in time', () => {
  it('renews 30 expired codes as one batch: 30 new records, each linked to the one it replaces, and their print ZIP', async () => {
    const history = await HistoryPage.open(suite.browser);
    await importRecords(history, expired, 'expired.json');
    await history.page.locator('select[name=filterStatus]').selectOption('expired');
    await expect.poll(() => history.count()).toBe(`共 ${COUNT} 个`);
    await history.page.getByRole('button', { name: '全选当前结果' }).click();
    suite.standIn.clearLog();
    // Slow answers, so the worker can be stopped mid-renewal: it resumes like every batch.
    suite.standIn.queueFault('/cgi-bin/qrcode/create', ...Array.from({ length: COUNT }, () => ({ delayMs: 250 })));
    history.page.once('dialog', (dialog) => void dialog.accept());
    const [batchTab] = await Promise.all([
      suite.browser.context.waitForEvent('page'),
      history.page.getByRole('button', { name: `续期所选（${COUNT}）` }).click(),
    ]);
    const batch = new BatchPage(batchTab);
    await batchTab.getByRole('heading', { name: '续期批次' }).waitFor();
    await expect.poll(() => batch.doneCount(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    await suite.browser.restartServiceWorker();
    expect(await batch.doneCount()).toBeLessThan(COUNT);
    await expect.poll(() => batch.status(), { timeout: 30_000 }).toBe('done');
    expect(await batch.counts()).toContain(`已生成 ${COUNT} / ${COUNT} · 失败 0`);

    // A request in flight when the worker stopped is sent again (its first code simply expires unused).
    const bodies = suite.standIn.createBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(COUNT);
    expect(bodies).toContainEqual({ expire_seconds: 864_000, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 500 } } });
    expect(bodies).toContainEqual({ expire_seconds: 2_592_000, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'old-1' } } });
    const records = await historyRecords(await suite.browser.currentServiceWorker());
    const renewals = records.filter((r) => r.renewedFromId);
    expect(renewals).toHaveLength(COUNT);
    expect(new Set(renewals.map((r) => r.renewedFromId)).size).toBe(COUNT);
    for (const old of expired) {
      const renewal = renewals.find((r) => r.renewedFromId === old.id);
      expect(renewal, old.id).toMatchObject({
        appId: TEST_APP_ID,
        scene: old.scene,
        label: old.label,
        actionName: old.actionName,
        expireSeconds: old.expireSeconds,
      });
    }

    const zipPath = await batch.download(() => batchTab.getByRole('button', { name: `下载 ${COUNT} 个二维码的 ZIP` }).click());
    const files = unzipSync(readFileSync(zipPath));
    const pngs = Object.keys(files).filter((name) => name.endsWith('.png'));
    expect(pngs).toHaveLength(COUNT);
    const decoded = pngs.map((name) => {
      const png = PNG.sync.read(Buffer.from(files[name]!));
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    });
    expect(decoded.sort()).toEqual(renewals.map((r) => r.url as string).sort());
    await batchTab.close();
    await history.close();
  });

  it("links a code's detail to the code that replaced it and back, by label, not by id", async () => {
    const history = await HistoryPage.open(suite.browser);
    const { page } = history;
    await page.locator('select[name=filterStatus]').selectOption('expired');
    await page.locator('input[name=search]').fill('旧码 7');
    await expect.poll(() => history.shownScenes()).toEqual(['old-7']);
    await page.locator('.code-row .row-main', { hasText: '旧码 7' }).click();
    const detail = page.locator('[data-testid=code-detail]');
    const replacedBy = detail.getByTestId('replaced-by');
    await expect.poll(() => replacedBy.innerText()).toContain('旧码 7');
    expect(await detail.innerText()).not.toContain('exp-7');
    await replacedBy.click();
    // Now the renewal's detail: still scannable, linked back to the expired code.
    await detail.getByTestId('renewed-from').waitFor();
    await expect.poll(() => detail.innerText()).not.toContain('这个临时二维码已过期');
    expect(await detail.getByTestId('renewed-from').getAttribute('href')).toBe('#code=exp-7');
    await detail.getByTestId('renewed-from').click();
    await detail.getByText('这个临时二维码已过期').waitFor();
    await history.close();
  });

  it("filters 'expires within 3 / 7 days' with counts, leaving out codes already renewed", async () => {
    const now = Date.now();
    const history = await HistoryPage.open(suite.browser);
    await importRecords(
      history,
      [
        record('due-1', { scene: 'due-1', label: '明天到期', lifetimeS: 2_592_000, expiresAt: now + 1 * DAY }),
        record('due-2', { scene: 'due-2', label: '后天到期', lifetimeS: 2_592_000, expiresAt: now + 2 * DAY }),
        record('due-3', { kind: 'QR_SCENE', scene: '901', label: '', lifetimeS: 604_800, expiresAt: now + 2.5 * DAY }),
        record('due-5', { scene: 'due-5', label: '五天后', lifetimeS: 2_592_000, expiresAt: now + 5 * DAY }),
        record('due-6', { scene: 'due-6', label: '六天后', lifetimeS: 2_592_000, expiresAt: now + 6 * DAY }),
        // Due tomorrow, but renewed already: nothing left to do.
        record('done-1', { scene: 'done-1', label: '已续期', lifetimeS: 2_592_000, expiresAt: now + 1 * DAY }),
        record('done-1-new', { scene: 'done-1', label: '已续期', lifetimeS: 2_592_000, expiresAt: now + 30 * DAY, renewedFromId: 'done-1' }),
      ],
      'due.json',
    );
    const status = history.page.locator('select[name=filterStatus]');
    await expect.poll(() => status.locator('option[value=within3]').innerText()).toBe('3 天内到期（未续期）：3 个');
    await expect.poll(() => status.locator('option[value=within7]').innerText()).toBe('7 天内到期（未续期）：5 个');
    await status.selectOption('within3');
    await expect.poll(() => history.shownScenes()).toEqual(expect.arrayContaining(['due-1', 'due-2', '901']));
    expect(await history.count()).toBe('共 3 个');
    await history.close();
  });

  it('refuses a selection holding a permanent code, saying which and what to do, and sends nothing', async () => {
    const history = await HistoryPage.open(suite.browser);
    const { page } = history;
    const expiredAt = Date.now() - DAY;
    await importRecords(
      history,
      [
        {
          ...record('mix-perm', { scene: 'mix-perm', label: '混选 永久', lifetimeS: 1, expiresAt: 0 }),
          actionName: 'QR_LIMIT_STR_SCENE',
          expireSeconds: null,
          createdAt: Date.now(),
          expiresAt: null,
        },
        record('mix-temp', { scene: 'mix-temp', label: '混选 临时', lifetimeS: 2_592_000, expiresAt: expiredAt }),
      ],
      'mix.json',
    );
    await page.locator('input[name=search]').fill('混选');
    await expect.poll(() => history.count()).toBe('共 2 个');
    await page.getByRole('button', { name: '全选当前结果' }).click();
    suite.standIn.clearLog();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '续期所选（2）' }).click();
    expect(await history.alertText()).toContain('有 1 个是永久二维码');
    expect(suite.standIn.createBodies()).toEqual([]);
    await history.close();
  });

  it('the daily reminder, once turned on, fires with the count of codes due and not renewed; its click target is history filtered to them', async () => {
    const options = await OptionsPage.open(suite.browser);
    const worker = await suite.browser.currentServiceWorker();
    const alarm = () => worker.evaluate(() => chrome.alarms.get('expiry-reminder'));
    expect(await alarm()).toBeUndefined();
    await options.page.locator('input[name=expiryReminder]').check();
    await options.page.getByRole('button', { name: '保存提醒设置' }).click();
    await expect.poll(async () => (await alarm())?.periodInMinutes).toBe(1440);

    // Drive the alarm: due now (an unpacked extension's alarm may fire at once), as Chrome would at 09:00.
    await worker.evaluate(() => chrome.alarms.create('expiry-reminder', { when: Date.now(), periodInMinutes: 1440 }));
    await expect.poll(() => notifications(worker), { timeout: 15_000 }).toEqual(['expiry-reminder']);
    const last = await worker.evaluate(() => chrome.storage.local.get('expiryReminderLast'));
    expect(last.expiryReminderLast).toMatchObject({ count: 3, days: 3 });
    // The options page follows the run as it is stored.
    await expect.poll(() => options.page.getByTestId('expiry-last-run').innerText()).toContain('3 天内到期 3 个');
    await options.close();

    const page: Page = await suite.browser.context.newPage();
    await page.goto(`${suite.browser.pageUrl('codes')}#status=within3`);
    const history = new HistoryPage(page);
    await expect.poll(() => history.count()).toBe('共 3 个');
    expect(await page.locator('select[name=filterStatus]').inputValue()).toBe('within3');
    await page.close();
  });
});

function notifications(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
}
