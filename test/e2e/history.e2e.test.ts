import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TEST_APP_SECRET, type WechatStandIn } from '../stand-ins/wechat-stand-in';
import { HistoryPage } from './page-objects/history';
import { PopupPage } from './page-objects/popup';
import type { ExtensionBrowser } from './support/extension-browser';
import { historyRecords } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';
import { decodePngFile, decodeSvgFile } from './support/qr-decode';

let suite: Suite;
let standIn: WechatStandIn;
/** Replaced by the browser restart below. */
let browser: ExtensionBrowser;

beforeAll(async () => {
  suite = await startSuite();
  ({ standIn, browser } = suite);
  const popup = await PopupPage.open(browser);
  await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'store-guomao', label: '国贸店海报' });
  await popup.createCode({ actionName: 'QR_LIMIT_SCENE', scene: '1001', label: '销售 王芳' });
  await popup.createCode({ actionName: 'QR_SCENE', scene: '77', label: '=SUM(A1)', expireSeconds: '86400' });
  await popup.close();
});

afterAll(() => suite?.stop(browser));

const openHistory = async (): Promise<Page> => (await HistoryPage.open(browser)).page;
const shownScenes = (page: Page) => new HistoryPage(page).shownScenes();
const count = (page: Page) => new HistoryPage(page).count();
const download = (page: Page, click: () => Promise<void>) => new HistoryPage(page).download(click);

describe('history page', () => {
  it('lists every code created, newest first, and the popup links to it', async () => {
    const popup = await browser.open('popup');
    const [history] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: '历史记录' }).click()]);
    await history.locator('.code-row').first().waitFor();
    expect(await shownScenes(history)).toEqual(['77', '1001', 'store-guomao']);
    await history.close();
    await popup.close();
  });

  it('searches by label or scene and filters by kind and status', async () => {
    const page = await openHistory();
    await page.locator('input[name=search]').fill('国贸');
    await expect.poll(() => shownScenes(page)).toEqual(['store-guomao']);
    await page.locator('input[name=search]').fill('');
    await page.locator('select[name=filterActionName]').selectOption('QR_LIMIT_SCENE');
    await expect.poll(() => shownScenes(page)).toEqual(['1001']);
    await page.locator('select[name=filterActionName]').selectOption('');
    await page.locator('select[name=filterStatus]').selectOption('expired');
    await expect.poll(() => count(page)).toContain('0');
    await page.close();
  });

  it('downloads local PNG and SVG drawings that read back as the stored url', async () => {
    const page = await openHistory();
    await page.locator('.code-row .row-main', { hasText: '销售 王芳' }).click();
    const stored = (await historyRecords(await browser.currentServiceWorker())).find((r) => r.scene === '1001')!;
    await page.locator('select[name=pngSize]').selectOption('430');
    const png = decodePngFile(await download(page, () => page.getByRole('button', { name: '下载 PNG' }).click()));
    expect(png).toEqual({ text: stored.url, width: 430, height: 430 });
    const svgPath = await download(page, () => page.getByRole('button', { name: '下载 SVG' }).click());
    expect(await decodeSvgFile(page, svgPath)).toBe(stored.url);
    await page.close();
  });

  it('edits the label, and deletes with undo', async () => {
    const page = await openHistory();
    await page.locator('.code-row .row-main', { hasText: '国贸店海报' }).click();
    await page.locator('input[name=editLabel]').fill('国贸店海报 A');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.locator('.code-row .row-label', { hasText: '国贸店海报 A' }).waitFor();
    await page.getByRole('button', { name: '从本地历史删除' }).click();
    await expect.poll(() => count(page)).toContain('2');
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => count(page)).toContain('3');
    await page.close();
  });
});

describe('export, restart, clear, import', () => {
  it('history survives a browser restart, exports, and imports back the same records', async () => {
    const before = await historyRecords(await browser.currentServiceWorker());
    expect(before).toHaveLength(3);

    browser = await browser.restart();
    const page = await openHistory();
    expect(await count(page)).toContain('3');

    const csv = readFileSync(await download(page, () => page.getByRole('button', { name: '导出 CSV' }).click()), 'utf8');
    expect(csv.startsWith('\uFEFFid,')).toBe(true);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv).toContain(`"'=SUM(A1)"`);
    const jsonPath = await download(page, () => page.getByRole('button', { name: '导出 JSON' }).click());
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { format: string; version: number; records: unknown[] };
    expect(json).toMatchObject({ format: 'scene-qr-history', version: 1 });
    expect(json.records).toHaveLength(3);
    for (const text of [csv, JSON.stringify(json)]) {
      expect(text).not.toContain(TEST_APP_SECRET);
      expect(text).not.toMatch(/TOKEN_[0-9a-f]{24}/);
    }

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '清空本地历史' }).click();
    await expect.poll(() => count(page)).toContain('0');
    expect(await historyRecords(await browser.currentServiceWorker())).toEqual([]);

    // The file as the operator saved it (Playwright keeps downloads under a GUID name).
    const exported = { name: 'scene-qr-history.json', mimeType: 'application/json', buffer: readFileSync(jsonPath) };
    await page.locator('input[name=importFile]').setInputFiles(exported);
    await page.getByRole('status').getByText('已导入 3 个，跳过 0 个重复的。').waitFor();
    const after = await historyRecords(await browser.currentServiceWorker());
    const byId = (records: Record<string, unknown>[]) => [...records].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(byId(after)).toEqual(byId(before));

    // Importing the same file again adds nothing.
    await page.locator('input[name=importFile]').setInputFiles(exported);
    await page.getByRole('status').getByText('已导入 0 个，跳过 3 个重复的。').waitFor();
    await page.close();
  });

  it('refuses a malformed file with the record and the reason, and writes nothing', async () => {
    const page = await openHistory();
    const bad = { format: 'scene-qr-history', version: 1, exportedAt: new Date().toISOString(), records: [{ id: 'x' }] };
    await page.locator('input[name=importFile]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    expect(await page.locator('.history-actions [role=alert]').innerText()).toContain('第 1 条记录');
    expect(await historyRecords(await browser.currentServiceWorker())).toHaveLength(3);
    await page.close();
  });

  it('renews an expired temporary code with the same scene, label and lifetime', async () => {
    const page = await openHistory();
    const createdAt = Date.now() - 3 * 86_400_000;
    const expired = {
      id: 'expired-1',
      appId: 'wx1234567890abcdef',
      actionName: 'QR_STR_SCENE',
      scene: 'old-fair',
      label: '旧活动',
      ticket: 'gQH+/expired==',
      url: 'http://weixin.qq.com/q/expired',
      expireSeconds: 86400,
      createdAt,
      expiresAt: createdAt + 86_400_000,
    };
    const file = { format: 'scene-qr-history', version: 1, exportedAt: new Date().toISOString(), records: [expired] };
    await page.locator('input[name=importFile]').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('status').getByText('已导入 1 个').waitFor();
    await page.locator('.code-row .row-main', { hasText: '旧活动' }).click();
    await page.getByText('这个临时二维码已过期').waitFor();
    standIn.clearLog();
    await page.getByRole('button', { name: '续期：用相同场景值生成新码' }).click();
    await page.locator('[data-testid=code-detail]').getByText('续期自', { exact: true }).waitFor();
    expect(standIn.createBodies()).toEqual([{ expire_seconds: 86400, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'old-fair' } } }]);
    const renewed = (await historyRecords(await browser.currentServiceWorker())).find((r) => r.renewedFromId === 'expired-1');
    expect(renewed).toMatchObject({ scene: 'old-fair', label: '旧活动', expireSeconds: 86400 });
    await page.close();
  });

  it('downloads the selection as one ZIP of images with a manifest', async () => {
    const page = await openHistory();
    await page.getByRole('button', { name: '全选当前结果' }).click();
    const zipPath = await download(page, () => page.getByRole('button', { name: /下载所选为 ZIP/ }).click());
    const { unzipSync, strFromU8 } = await import('fflate');
    const entries = unzipSync(readFileSync(zipPath));
    const names = Object.keys(entries);
    expect(names).toContain('manifest.csv');
    expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(5);
    expect(strFromU8(entries['manifest.csv']!)).toContain('old-fair');
    const stored = await historyRecords(await browser.currentServiceWorker());
    const pngName = names.find((n) => n.includes('销售'))!;
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const unpacked = `${mkdtempSync('/tmp/scene-qr-zip-')}/code.png`;
    writeFileSync(unpacked, entries[pngName]!);
    expect(decodePngFile(unpacked)).toEqual({ text: stored.find((r) => r.scene === '1001')!.url, width: 1280, height: 1280 });

    await page.locator('select[name=zipFormat]').selectOption('svg');
    const svgZip = unzipSync(readFileSync(await download(page, () => page.getByRole('button', { name: /下载所选为 ZIP/ }).click())));
    expect(Object.keys(svgZip).filter((n) => n.endsWith('.svg'))).toHaveLength(5);
    await page.close();
  });
});

describe('a history page left open', () => {
  it('shows a code created meanwhile in the popup at once, finds it and exports it, without a reload', async () => {
    const page = await openHistory();
    await page.locator('[aria-busy=false]').waitFor();
    const before = Number((await count(page)).match(/\d+/)![0]);
    const popup = await PopupPage.open(browser);
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'made-while-open', label: '开着页面时新建' });
    await popup.close();
    await expect.poll(() => count(page)).toContain(String(before + 1));
    expect((await shownScenes(page))[0]).toBe('made-while-open');
    await page.locator('input[name=search]').fill('开着页面');
    await expect.poll(() => shownScenes(page)).toEqual(['made-while-open']);
    // Export writes the shown codes from the page's memory (kept current by the change feed): the
    // new code exactly as the background stored it, and only it.
    const stored = (await historyRecords(await browser.currentServiceWorker())).filter((record) => record.scene === 'made-while-open');
    const jsonPath = await download(page, () => page.getByRole('button', { name: '导出 JSON' }).click());
    expect((JSON.parse(readFileSync(jsonPath, 'utf8')) as { records: unknown[] }).records).toEqual(stored);
    await page.close();
  });
});
