import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionBrowser } from './support/extension-browser';
import { startWithAccount } from './support/fixtures';
import { USER_BATCHGET, generateFollowers } from '../stand-ins/follower-base';
import { historyRecords, submitUnlock, turnOnLock } from './page-objects/compat';
import { SECOND_APP_ID, SECOND_APP_SECRET, TEST_APP_ID, type WechatStandIn } from '../stand-ins/wechat-stand-in';

/**
 * Background jobs in Chromium: a batch pauses (never fails row after row) when WeChat answers HTTP 502
 * or the lock is closed, and finishes every row once resumed; the batch ZIP counts the codes still
 * landing after a pause and says which were deleted; the report page keeps to its own account.
 */

const CREATE = '/cgi-bin/qrcode/create';

let standIn: WechatStandIn;
let browser: ExtensionBrowser;
/** The profile kept across a browser restart, once a test restarted the browser. */
let keptProfile: string | undefined;

beforeAll(async () => {
  ({ standIn, browser } = await startWithAccount());
});

afterAll(async () => {
  await browser?.close();
  await standIn?.stop();
  if (keptProfile) rmSync(keptProfile, { recursive: true, force: true });
});

const counts = (page: Page) => page.locator('[data-testid=batch-counts]').innerText();
const status = (page: Page) => page.locator('#batch-run-title').getAttribute('data-status');
const madeWith = async (prefix: string) => (await historyRecords(await browser.currentServiceWorker())).filter((r) => String(r.scene).startsWith(prefix));

/** A new batch of `to` string scenes `prefix`1 … from the pattern form; returns its page. */
async function startBatch(prefix: string, to: number): Promise<Page> {
  const page = await browser.open('batch');
  const again = page.getByRole('button', { name: '新建批次' });
  await Promise.race([again.waitFor(), page.locator('input[name=prefix]').waitFor()]);
  if (await again.isVisible()) await again.click();
  await page.locator('input[name=prefix]').fill(prefix);
  await page.locator('input[name=pad]').fill('0');
  await page.locator('input[name=to]').fill(String(to));
  await page.getByRole('button', { name: `开始生成 ${to} 个` }).click();
  await page.locator('#batch-run-title').waitFor();
  return page;
}

/** A message to the background from an extension page, as the pages send them. */
async function send<T>(page: Page, type: string, input?: unknown): Promise<T> {
  const reply = await page.evaluate(
    ([type, input]) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type, input }),
    [type, input] as const,
  );
  const { success, payload, error } = reply as { success: boolean; payload: T; error: unknown };
  if (!success) throw new Error(`${type}: ${JSON.stringify(error)}`);
  return payload;
}

describe('a batch pauses on errors every row would meet', () => {
  it('WeChat answering HTTP 502 for a while pauses the batch with the reason, no row failed; resumed after it recovers, every row is made', async () => {
    standIn.clearLog();
    standIn.setOutage(CREATE, 502);
    const page = await startBatch('outage-', 20);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('paused');
    expect(await page.getByRole('alert').innerText()).toContain('HTTP 502');
    expect(await page.getByTestId('batch-paused-by').innerText()).toBe('批次已自动暂停，未生成的 20 行都保留着，不算失败。解决上面的问题后点「继续」。');
    expect(await counts(page)).toContain('已生成 0 / 20 · 失败 0 · 待生成 20');
    // It stopped at the first answers, not after trying every row.
    expect(standIn.createBodies().length).toBeLessThanOrEqual(4);
    expect(await page.locator('table.failures').count()).toBe(0);

    standIn.setOutage(CREATE, undefined);
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('done');
    expect(await counts(page)).toContain('已生成 20 / 20 · 失败 0');
    expect((await madeWith('outage-')).length).toBe(20);
    await page.close();
  });

  it('the ZIP counts the requests still out when the batch paused, and holds every code they made', async () => {
    standIn.clearLog();
    // 5 quick answers, 3 slow ones still out when the 9th request gets 502.
    standIn.queueFault(CREATE, ...Array.from({ length: 5 }, () => ({ delayMs: 0 })), ...Array.from({ length: 3 }, () => ({ delayMs: 1500 })), { status: 502 });
    const page = await startBatch('inflight-', 12);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('paused');
    const button = page.getByRole('button', { name: /^下载 \d+ 个二维码的 ZIP$/ });
    await expect.poll(async () => (await madeWith('inflight-')).length, { timeout: 10_000 }).toBe(8);
    await expect.poll(() => button.innerText()).toBe('下载 8 个二维码的 ZIP');
    expect(await counts(page)).toContain('已生成 8 / 12 · 失败 0');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const files = unzipSync(readFileSync(await download.path()));
    expect(Object.keys(files).filter((name) => name.endsWith('.png'))).toHaveLength(8);

    // Two of its codes deleted from history: the page says so, and the ZIP holds the other six.
    const gone = (await madeWith('inflight-')).slice(0, 2).map((r) => String(r.id));
    const sw = await browser.currentServiceWorker();
    await sw.evaluate(
      (ids) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('scene-qr');
          open.onsuccess = () => {
            const tx = open.result.transaction('codes', 'readwrite');
            for (const id of ids) tx.objectStore('codes').delete(id);
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      gone,
    );
    await page.reload();
    await page.getByTestId('batch-zip-deleted').waitFor();
    expect(await page.getByTestId('batch-zip-deleted').innerText()).toBe('本批次有 2 个二维码已从历史记录中删除，ZIP 只含其余 6 个（共生成 8 个）。');
    const [fewer] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 6 个二维码的 ZIP' }).click()]);
    expect(Object.keys(unzipSync(readFileSync(await fewer.path()))).filter((name) => name.endsWith('.png'))).toHaveLength(6);

    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('done');
    await page.close();
  });

  it('the lock closed when the batch is resumed pauses it with secret_locked, no row failed; unlocked, it finishes', async () => {
    const options = await browser.open('options');
    await turnOnLock(options, 'correct horse battery');
    standIn.clearLog();
    standIn.setOutage(CREATE, 502);
    const page = await startBatch('locked-', 10);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('paused');
    standIn.setOutage(CREATE, undefined);
    await options.getByRole('button', { name: '立即上锁' }).click();
    await options.getByTestId('lock-state').getByText('已上锁').waitFor();

    standIn.clearLog();
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 20_000 }).toContain('密钥已加锁');
    expect(await status(page)).toBe('paused');
    expect(await counts(page)).toContain('已生成 0 / 10 · 失败 0 · 待生成 10');
    // No token without the AppSecret: nothing reached WeChat.
    expect(standIn.createBodies()).toEqual([]);

    await submitUnlock(options, 'correct horse battery');
    await options.getByTestId('lock-state').getByText('已开启，已解锁').waitFor();
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('done');
    expect(await counts(page)).toContain('已生成 10 / 10 · 失败 0');
    await options.close();
    await page.close();
  });
});

describe('a batch resumed after a browser restart, with the lock on', () => {
  it('pauses with secret_locked instead of failing every row; unlocked, it finishes', async () => {
    // The lock is on (the test before turned it on and left it unlocked).
    standIn.clearLog();
    standIn.setOutage(CREATE, 502);
    const before = await startBatch('restart-', 6);
    await expect.poll(() => status(before), { timeout: 20_000 }).toBe('paused');
    standIn.setOutage(CREATE, undefined);
    keptProfile = browser.userDataDir;
    await browser.close({ keepProfile: true });
    browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, userDataDir: keptProfile });

    const page = await browser.open('batch');
    await expect.poll(() => status(page)).toBe('paused');
    standIn.clearLog();
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 20_000 }).toContain('密钥已加锁');
    expect(await status(page)).toBe('paused');
    expect(await counts(page)).toContain('已生成 0 / 6 · 失败 0 · 待生成 6');
    expect(standIn.createBodies()).toEqual([]);

    const options = await browser.open('options');
    await submitUnlock(options, 'correct horse battery');
    await options.getByTestId('lock-state').getByText('已开启，已解锁').waitFor();
    await options.close();
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('done');
    expect(await counts(page)).toContain('已生成 6 / 6 · 失败 0');
    await page.close();
  });
});

describe('the report page keeps to its own account', () => {
  const openReport = async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/report.html`);
    await page.locator('.report-refresh').waitFor();
    return page;
  };
  const refreshStatus = (page: Page) => page.locator('.report-refresh').getAttribute('data-status');

  it("shows whose report it is, switches to another account's report without changing the current account, and keeps its own while the popup switches", async () => {
    standIn.setFollowers(
      generateFollowers({ count: 3_000, seed: 11, scenes: { sceneStr: ['store-1'] }, unfollowedShare: 0, noSceneShare: 0.5, now: Date.now() }),
    );
    const page = await openReport();
    const first = await send<{ accounts: { id: string; appId: string }[] }>(page, 'getSettings');
    const shopId = first.accounts[0]!.id;
    await send(page, 'saveAccount', { name: '总部号', appId: SECOND_APP_ID, appSecret: SECOND_APP_SECRET, tokenSource: 'stable' });
    await send(page, 'switchAccount', { id: shopId });
    const hqId = (await send<{ accounts: { id: string; appId: string }[] }>(page, 'getSettings')).accounts.find((a) => a.appId === SECOND_APP_ID)!.id;
    await page.reload();

    const picker = page.locator('select[name=reportAccount]');
    await expect.poll(() => picker.locator('option:checked').innerText()).toBe(`${TEST_APP_ID} (${TEST_APP_ID})`);
    // A complete report of the first account.
    await page.locator('button[name=start]').click();
    await page.locator('button[name=resume]').click();
    await page.locator(`.report-body[data-app-id=${TEST_APP_ID}]`).waitFor({ timeout: 30_000 });
    expect(await refreshStatus(page)).toBe('none');

    // The other account's report here: it has none; the current account stays the first.
    await picker.selectOption({ label: `总部号 (${SECOND_APP_ID})` });
    await page.getByText('还没有报表').waitFor();
    expect(await page.locator('.report-body').count()).toBe(0);
    expect((await send<{ currentAccountId: string }>(page, 'getSettings')).currentAccountId).toBe(shopId);
    await picker.selectOption(shopId);
    await page.locator(`.report-body[data-app-id=${TEST_APP_ID}]`).waitFor();

    // A refresh of the first account runs; the popup switches to the second account meanwhile.
    standIn.queueFault(USER_BATCHGET, ...Array.from({ length: 30 }, () => ({ delayMs: 300 })));
    await page.locator('button[name=start]').click();
    await page.locator('button[name=resume]').click();
    await expect.poll(() => refreshStatus(page)).toBe('running');
    const popup = await browser.open('popup');
    await popup.locator('select[name=account]').selectOption(hqId);
    await expect.poll(async () => (await send<{ currentAccountId: string }>(popup, 'getSettings')).currentAccountId).toBe(hqId);
    await popup.close();

    // Still the first account's report, and its refresh carries on for the first account to the end (a running
    // operation keeps its account): it completes rather than pausing or failing.
    expect(await picker.inputValue()).toBe(shopId);
    await page.locator(`.report-body[data-app-id=${TEST_APP_ID}]`).waitFor();
    await expect.poll(() => refreshStatus(page), { timeout: 30_000 }).toBe('none');
    expect(await picker.inputValue()).toBe(shopId);
    // Every follower call of that refresh, before and after the switch, was made with the first account's token.
    const followerCalls = standIn.received.filter((request) => request.path === USER_BATCHGET || request.path === '/cgi-bin/user/get');
    expect(new Set(followerCalls.map((request) => standIn.appIdOfToken(request.query.access_token ?? '')))).toEqual(new Set([TEST_APP_ID]));
    // Reloaded, it still shows its own account, not the one the popup made current.
    await page.reload();
    await page.locator(`.report-body[data-app-id=${TEST_APP_ID}]`).waitFor();
    expect(await picker.inputValue()).toBe(shopId);
    await page.close();
  });
});
