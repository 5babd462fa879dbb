import { unzipSync } from 'fflate';
import jsQR from 'jsqr';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionBrowser } from './extension-browser';
import { startWithAccount } from './fixtures';
import { historyRecords } from './pages';
import { type Fault, WechatStandIn } from './wechat-stand-in';

const CREATE = '/cgi-bin/qrcode/create';
const COUNT = 50;
const SCENES = Array.from({ length: COUNT }, (_, i) => `store-${String(i + 1).padStart(3, '0')}`);
const LINES = SCENES.map((scene, i) => `${scene},门店 ${i + 1}`);
/** Slow answers, so the worker can be stopped while codes are still being created. */
const slow = (count: number): Fault[] => Array.from({ length: count }, () => ({ delayMs: 250 }));

let standIn: WechatStandIn;
let browser: ExtensionBrowser;

beforeAll(async () => {
  ({ standIn, browser } = await startWithAccount());
});

afterAll(async () => {
  await browser?.close();
  await standIn?.stop();
});

const counts = (page: Page) => page.locator('[data-testid=batch-counts]').innerText();
const doneCount = async (page: Page) => Number(/已生成 (\d+)/.exec(await counts(page))?.[1] ?? -1);
const status = (page: Page) => page.locator('#batch-run-title').getAttribute('data-status');

describe('batch creation', () => {
  it('is linked from the popup', async () => {
    const popup = await browser.open('popup');
    const [page] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: '批量生成' }).click()]);
    await page.getByRole('heading', { name: '批量生成带参数二维码' }).waitFor();
    expect(page.url()).toBe(browser.pageUrl('batch'));
    await page.close();
    await popup.close();
  });

  it('previews every row before sending anything: duplicates and invalid scenes are named', async () => {
    const page = await browser.open('batch');
    await page.getByLabel('粘贴列表').check();
    await page.locator('textarea[name=pasted]').fill(['a,A', 'a,again', '', 'x'.repeat(65)].join('\n'));
    await expect.poll(() => page.getByTestId('batch-summary').innerText()).toBe('共 3 行：可生成 1，无效 1，重复 1，已存在 0');
    await expect(page.locator('td.bad').allInnerTexts()).resolves.toEqual(['与第 1 行重复（只生成一次）', expect.stringContaining('最多 64 字节')]);
    expect(standIn.createBodies()).toEqual([]);
    await page.close();
  });

  it('creates 50 codes through -1, a worker restart and 45009: each exactly once in history; the ZIP decodes', async () => {
    standIn.clearLog();
    // The first request is "busy" (retried after 1 s); then slow answers.
    standIn.queueFault(CREATE, { errcode: -1, errmsg: 'system error' }, ...slow(200));
    const page = await browser.open('batch');
    await page.getByLabel('粘贴列表').check();
    await page.locator('textarea[name=pasted]').fill(LINES.join('\n'));
    await expect.poll(() => page.getByTestId('batch-summary').innerText()).toContain(`可生成 ${COUNT}`);
    await page.getByRole('button', { name: `开始生成 ${COUNT} 个` }).click();

    await expect.poll(() => doneCount(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    await browser.restartServiceWorker();
    const afterRestart = await doneCount(page);
    expect(afterRestart).toBeLessThan(COUNT);

    // The daily quota runs out: the batch pauses with the explanation and keeps its place.
    standIn.clearLog();
    standIn.queueFault(CREATE, { errcode: 45009, errmsg: 'reach max api daily quota limit' }, ...slow(200));
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('paused');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('45009');
    const pausedAt = await doneCount(page);
    expect(pausedAt).toBeLessThan(COUNT);

    standIn.clearLog();
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await counts(page)).toContain(`已生成 ${COUNT} / ${COUNT} · 失败 0`);

    const records = await historyRecords(await browser.currentServiceWorker());
    expect(records.map((r) => r.scene).sort()).toEqual(SCENES);
    expect(records.map((r) => r.label).sort()).toEqual(LINES.map((line) => line.split(',')[1]).sort());
    expect(new Set(records.map((r) => r.ticket)).size).toBe(COUNT);

    await page.locator('select[name=zipFormat]').selectOption('430');
    // The PNGs are drawn in the page's workers (png-worker-pool.ts), not on its own thread.
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `下载 ${COUNT} 个二维码的 ZIP` }).click()]);
    const files = unzipSync(readFileSync(await download.path()));
    const images = Object.keys(files).filter((name) => name.endsWith('.png'));
    expect(images).toHaveLength(COUNT);
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.every((url) => /\/png-worker-[\w-]+\.js$/.test(url))).toBe(true);
    const urlByScene = new Map(records.map((r) => [r.scene as string, r.url as string]));
    for (const [i, scene] of SCENES.entries()) {
      const png = PNG.sync.read(Buffer.from(files[`门店 ${i + 1}-${scene}.png`]!));
      // The label is printed under the code: taller than wide.
      expect(png.height).toBeGreaterThan(png.width);
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, scene).toBe(urlByScene.get(scene));
    }
    const manifest = Papa.parse<string[]>(new TextDecoder().decode(files['manifest.csv']).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(manifest[0]).toEqual(['file', 'scene', 'label', 'kind', 'ticket', 'url', 'expiresAt']);
    expect(manifest.slice(1).map((row) => row[1]).sort()).toEqual(SCENES);
    await page.close();
  });

  it('cancel stops a batch: nothing more is sent, the codes already made stay', async () => {
    standIn.clearLog();
    standIn.queueFault(CREATE, ...slow(200));
    const page = await browser.open('batch');
    await page.getByRole('button', { name: '新建批次' }).click();
    await page.locator('input[name=prefix]').fill('cancel-');
    await page.locator('input[name=to]').fill('40');
    await page.getByRole('button', { name: '开始生成 40 个' }).click();
    await expect.poll(() => doneCount(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '取消批次' }).click();
    await expect.poll(() => status(page)).toBe('cancelled');
    const sent = standIn.createBodies().length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(standIn.createBodies().length).toBe(sent);
    const made = (await historyRecords(await browser.currentServiceWorker())).filter((r) => String(r.scene).startsWith('cancel-'));
    expect(made.length).toBeGreaterThanOrEqual(3);
    expect(made.length).toBeLessThan(40);
    await page.getByText(/已取消 \d+ 个/).waitFor();
    await page.close();
  });
});
