import { unzipSync } from 'fflate';
import jsQR from 'jsqr';
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fault } from '../stand-ins/wechat-stand-in';
import { BatchPage } from './page-objects/batch';
import { PopupPage } from './page-objects/popup';
import { historyRecords } from './support/extension-state';
import { type Suite, startSuite } from './support/fixtures';

const CREATE = '/cgi-bin/qrcode/create';
const COUNT = 50;
const SCENES = Array.from({ length: COUNT }, (_, i) => `store-${String(i + 1).padStart(3, '0')}`);
const LINES = SCENES.map((scene, i) => `${scene},门店 ${i + 1}`);
/** Slow answers, so the worker can be stopped while codes are still being created. */
const slow = (count: number): Fault[] => Array.from({ length: count }, () => ({ delayMs: 250 }));

let suite: Suite;

beforeAll(async () => {
  suite = await startSuite();
});

afterAll(() => suite?.stop());

describe('batch creation', () => {
  it('is linked from the popup', async () => {
    const popup = await suite.browser.open('popup');
    const [page] = await Promise.all([suite.browser.context.waitForEvent('page'), popup.getByRole('button', { name: '批量生成' }).click()]);
    await page.getByRole('heading', { name: '批量生成带参数二维码' }).waitFor();
    expect(page.url()).toBe(suite.browser.pageUrl('batch'));
    await page.close();
    await popup.close();
  });

  it('previews every row before sending anything: duplicates and invalid scenes are named', async () => {
    const batch = await BatchPage.open(suite.browser);
    await batch.paste(['a,A', 'a,again', '', 'x'.repeat(65)]);
    await expect.poll(() => batch.summary()).toBe('共 3 行：可生成 1，无效 1，重复 1，已存在 0');
    await expect(batch.page.locator('td.bad').allInnerTexts()).resolves.toEqual(['与第 1 行重复（只生成一次）', expect.stringContaining('最多 64 字节')]);
    expect(suite.standIn.createBodies()).toEqual([]);
    await batch.close();
  });

  it('creates 50 codes through -1, a worker restart and 45009: each exactly once in history; the ZIP decodes', async () => {
    suite.standIn.clearLog();
    // The first request is "busy" (retried after 1 s); then slow answers.
    suite.standIn.queueFault(CREATE, { errcode: -1, errmsg: 'system error' }, ...slow(200));
    const batch = await BatchPage.open(suite.browser);
    const { page } = batch;
    await batch.paste(LINES);
    await expect.poll(() => batch.summary()).toContain(`可生成 ${COUNT}`);
    await batch.start(COUNT);

    await expect.poll(() => batch.doneCount(), { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    await suite.browser.restartServiceWorker();
    const afterRestart = await batch.doneCount();
    expect(afterRestart).toBeLessThan(COUNT);

    // The daily quota runs out: the batch pauses with the explanation and keeps its place.
    suite.standIn.clearLog();
    suite.standIn.queueFault(CREATE, { errcode: 45009, errmsg: 'reach max api daily quota limit' }, ...slow(200));
    await expect.poll(() => batch.status(), { timeout: 20_000 }).toBe('paused');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('45009');
    const pausedAt = await batch.doneCount();
    expect(pausedAt).toBeLessThan(COUNT);

    suite.standIn.clearLog();
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => batch.status(), { timeout: 30_000 }).toBe('done');
    expect(await batch.counts()).toContain(`已生成 ${COUNT} / ${COUNT} · 失败 0`);

    const records = await historyRecords(await suite.browser.currentServiceWorker());
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
    expect(
      manifest
        .slice(1)
        .map((row) => row[1])
        .sort(),
    ).toEqual(SCENES);
    await page.close();
  });

  it('cancel stops a batch: nothing more is sent, the codes already made stay', async () => {
    suite.standIn.clearLog();
    suite.standIn.queueFault(CREATE, ...slow(200));
    const batch = await BatchPage.open(suite.browser);
    const { page } = batch;
    await page.getByRole('button', { name: '新建批次' }).click();
    await page.locator('input[name=prefix]').fill('cancel-');
    await page.locator('input[name=to]').fill('40');
    await batch.start(40);
    await expect.poll(() => batch.doneCount(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '取消批次' }).click();
    await expect.poll(() => batch.status()).toBe('cancelled');
    const sent = suite.standIn.createBodies().length;
    // Nothing more from the batch: the next create request WeChat sees is a code made in the popup
    // afterwards (a running batch, paced at 20 a second, would have sent several by then).
    const popup = await PopupPage.open(suite.browser);
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'after-cancel' });
    await popup.close();
    expect(suite.standIn.createBodies().slice(sent)).toEqual([expect.objectContaining({ action_info: { scene: { scene_str: 'after-cancel' } } })]);
    const made = (await historyRecords(await suite.browser.currentServiceWorker())).filter((r) => String(r.scene).startsWith('cancel-'));
    expect(made.length).toBeGreaterThanOrEqual(3);
    expect(made.length).toBeLessThan(40);
    await page.getByText(/已取消 \d+ 个/).waitFor();
    await page.close();
  });
});
