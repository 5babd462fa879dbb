import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_BATCHGET, USER_GET, expectedTally, generateFollowers, resetQuota } from '../stand-ins/follower-base';
import type { WechatStandIn } from '../stand-ins/wechat-stand-in';
import { PopupPage } from './page-objects/popup';
import { ReportPage } from './page-objects/report';
import type { ExtensionBrowser } from './support/extension-browser';
import { type Suite, startSuite } from './support/fixtures';

/**
 * Issue #8 in Chromium: 25,000 generated followers read through the stand-in's user/get and batchget,
 * with the service worker stopped mid-refresh (no page open) and a 45009 further on, resumed once the
 * quota resets; then the counts per code, the chart, the CSV and the 48001 explanation.
 */

let suite: Suite;
let standIn: WechatStandIn;
let browser: ExtensionBrowser;

const FOLLOWER_COUNT = 25_000;
/** batchget calls served before the "daily quota" runs out: about half-way (250 are needed). */
const QUOTA_AFTER = 140;
const followers = generateFollowers({
  count: FOLLOWER_COUNT,
  seed: 2026,
  scenes: { sceneStr: ['store-42', 'made-elsewhere'], sceneId: [1001, 20261123, 555] },
  unfollowedShare: 0.03,
  noSceneShare: 0.3,
  now: Date.now(),
});

/** The codes in history, by row key (`str:` / `id:` + scene). */
const CODES = { 'str:store-42': '国贸店海报', 'id:1001': '销售 王芳', 'id:20261123': '=双十二传单' };

beforeAll(async () => {
  suite = await startSuite();
  ({ standIn, browser } = suite);
  const popup = await PopupPage.open(browser);
  await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'store-42', label: CODES['str:store-42'] });
  await popup.createCode({ actionName: 'QR_LIMIT_SCENE', scene: '1001', label: CODES['id:1001'] });
  await popup.createCode({ actionName: 'QR_SCENE', scene: '20261123', label: CODES['id:20261123'], expireSeconds: '86400' });
  await popup.close();
  standIn.setFollowers(followers, { quotaAfter: { batchget: QUOTA_AFTER } });
  standIn.maxInFlight = 0;
}, 120_000);

afterAll(() => suite?.stop());

const openReport = async (): Promise<Page> => (await ReportPage.open(browser)).page;

/** Set once the first test's refresh has finished: the other tests read the report it made. */
let refreshFinished = false;

/** The report page with that report; fails at once, not after a 30 s wait, when there is none. */
async function openFinishedReport(): Promise<Page> {
  expect(refreshFinished, "the first test's refresh did not finish, and this test reads its report").toBe(true);
  return openReport();
}

const status = (page: Page) => new ReportPage(page).status();
const number = (text: string) => Number(text.replace(/[^\d]/g, ''));
const rowFollowers = (page: Page, key: string) => new ReportPage(page).rowFollowers(key);

describe('channel report refresh', () => {
  it('shows the calls first, survives a service-worker restart with no page open, stops on 45009 and completes when resumed', async () => {
    // Slow the first calls a little, so the worker can be stopped while the refresh is surely running.
    standIn.queueFault(USER_BATCHGET, ...Array.from({ length: 60 }, () => ({ delayMs: 40 })));
    const page = await openReport();
    await page.getByText('还没有报表').waitFor();
    await page.locator('button[name=start]').click();
    const confirm = page.locator('[data-testid=report-confirm]');
    // 25,000 followers; 2 more list pages + WeChat's closing call + 250 batchget calls.
    await expect.poll(() => confirm.innerText()).toContain('共 25,000 位粉丝');
    expect(await confirm.innerText()).toMatch(/约 253 次接口调用.*user\/get）3 次.*batchget）250 次/s);
    expect(standIn.followers.calls.batchget).toBe(0);

    await page.locator('button[name=resume]').click();
    await expect.poll(() => page.locator('[data-testid=report-progress]').innerText()).toMatch(/已读取 [1-9][\d,]* \/ 25,000 位粉丝/);
    await page.close();
    await expect.poll(() => standIn.followers.served.batchget).toBeGreaterThanOrEqual(10);

    expect(standIn.maxInFlight).toBeLessThanOrEqual(2);
    await browser.restartServiceWorker();
    // The stopped worker's last requests are still being answered into closed sockets; count afresh after them.
    await standIn.openRequestsAnswered();
    standIn.maxInFlight = standIn.inFlight;
    const afterRestart = standIn.followers.served.batchget;
    expect(afterRestart).toBeLessThan(QUOTA_AFTER);
    // No report page is open: the new worker picked the refresh up by itself and ran into the quota.
    expect(browser.context.pages().some((p) => p.url().includes('report.html'))).toBe(false);
    await expect.poll(() => standIn.followers.calls.batchget, { timeout: 30_000 }).toBeGreaterThan(QUOTA_AFTER);

    const stopped = await openReport();
    await expect.poll(() => status(stopped)).toBe('quota');
    expect(await stopped.locator('.report-refresh').innerText()).toContain('45009');
    // Every batch served before the quota is counted, except at most 3 the stopped worker lost: the two
    // calls out, and the answer counted last, whose save was still being written (a step's save overlaps
    // the next calls). That includes a later call served while the earlier one was refused: the two calls
    // reach the stand-in on separate connections, in either order (utils/report/refresh-window.ts keepLaterAnswers).
    const read = await new ReportPage(stopped).followersRead();
    expect(read).toBeLessThanOrEqual(QUOTA_AFTER * 100);
    expect(read).toBeGreaterThanOrEqual((QUOTA_AFTER - 3) * 100);
    // Stopped cleanly: no more calls while the quota is out. The worker answers a later request (the
    // reloaded page asks it for the refresh's state: still the quota) and no batchget has followed.
    const refused = standIn.followers.calls.batchget;
    await stopped.reload();
    await stopped.locator('.report-refresh[data-status=quota]').waitFor();
    expect(standIn.followers.calls.batchget).toBe(refused);

    resetQuota(standIn.followers);
    standIn.followers.quotaAfter = {};
    await stopped.locator('button[name=resume]').click();
    await stopped.locator('.report-body').waitFor({ timeout: 30_000 });
    expect(await status(stopped)).toBe('none');
    expect(standIn.maxInFlight).toBeLessThanOrEqual(2);
    expect(standIn.requestsTo(USER_GET).length).toBe(4);
    await stopped.close();
    refreshFinished = true;
  });

  it('counts current followers per code exactly, with made-elsewhere scenes and other sources apart', async () => {
    const page = await openFinishedReport();
    const takenAt = Number(await page.locator('.report-body').getAttribute('data-taken-at'));
    const tally = expectedTally(followers, takenAt);
    for (const [key, label] of Object.entries(CODES)) {
      const row = page.locator(`tr[data-key="${key}"]`);
      expect(await row.locator('td.label').innerText()).toBe(label);
      expect(await rowFollowers(page, key)).toBe(tally.scenes.get(key)!.followers);
      // The first cell is the tick box for tagging.
      const [, , , , , , last7, last30] = await row.locator('td').allInnerTexts();
      expect([number(last7!), number(last30!)]).toEqual([tally.scenes.get(key)!.last7Days, tally.scenes.get(key)!.last30Days]);
    }
    const elsewhere = tally.scenes.get('str:made-elsewhere')!.followers + tally.scenes.get('id:555')!.followers;
    expect(await rowFollowers(page, 'elsewhere')).toBe(elsewhere);
    expect(await rowFollowers(page, 'other')).toBe(tally.otherSources);
    const [, , , otherLast7, otherLast30] = await page.locator('tr[data-key="other"] td').allInnerTexts();
    expect([number(otherLast7!), number(otherLast30!)]).toEqual([tally.otherRecent.last7Days, tally.otherRecent.last30Days]);
    expect(tally.otherRecent.last30Days).toBeGreaterThan(0);
    const counted = [...tally.scenes.values()].reduce((sum, s) => sum + s.followers, 0) + tally.otherSources;
    expect(counted).toBe(FOLLOWER_COUNT - tally.unfollowed);
    expect(number((await page.locator('[data-testid=report-date]').innerText()).split('当前粉丝')[1]!.split('人')[0]!)).toBe(counted);
    await page.close();
  });

  it('draws the top codes as bars, longest for the most followers, sorts the table by a column and filters it', async () => {
    const page = await openFinishedReport();
    const bars = page.locator('.report-chart .bar-row');
    await bars.first().waitFor();
    expect(await bars.count()).toBe(3);
    const takenAt = Number(await page.locator('.report-body').getAttribute('data-taken-at'));
    const tally = expectedTally(followers, takenAt);
    const byFollowers = Object.keys(CODES).sort((a, b) => tally.scenes.get(b)!.followers - tally.scenes.get(a)!.followers);
    const labels = await page.locator('.report-chart .bar-label').allInnerTexts();
    expect(labels).toEqual(byFollowers.map((key) => CODES[key as keyof typeof CODES]));
    const widths = await page.locator('.report-chart .bar').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[1]).toBeGreaterThan(0);

    const keys = () => new ReportPage(page).rowKeys();
    expect(await keys()).toEqual(byFollowers);
    await page.locator('th button[data-column=followers]').click();
    expect(await keys()).toEqual([...byFollowers].reverse());
    await page.locator('th button[data-column=scene]').click();
    expect(await keys()).toEqual(['id:1001', 'id:20261123', 'str:store-42']);

    await page.getByRole('searchbox', { name: '按名称或场景值筛选' }).fill('STORE-4');
    expect(await keys()).toEqual(['str:store-42']);
    expect(await page.getByTestId('report-filter-count').innerText()).toBe('1 / 3 个二维码符合');
    await page.getByRole('searchbox', { name: '按名称或场景值筛选' }).fill('');
    expect(await keys()).toHaveLength(3);
    await page.close();
  });

  it('exports the report as injection-safe CSV', async () => {
    const page = await openFinishedReport();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[name=export-csv]').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFFrow,kind,scene,label')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows.find((r) => r[2] === '20261123')?.[3]).toBe(`'${CODES['id:20261123']}`);
    expect(
      rows
        .filter((r) => r[0] === 'made_elsewhere')
        .map((r) => r[2])
        .sort(),
    ).toEqual(['555', 'made-elsewhere']);
    await page.close();
  });

  it('48001 on refresh explains the missing 用户管理 permission and keeps the last report', async () => {
    standIn.queueFault(USER_GET, { errcode: 48001, errmsg: 'api unauthorized rid: 1-2' });
    const page = await openFinishedReport();
    await page.locator('.report-body').waitFor();
    await page.locator('button[name=start]').click();
    const explanation = page.locator('[data-testid=report-no-permission]');
    await explanation.waitFor();
    const text = await explanation.innerText();
    expect(text).toContain('48001');
    expect(text).toContain('已认证的服务号');
    expect(text).toContain('测试号');
    expect(text).toContain('接口权限');
    expect(await page.locator('.report-chart .bar-row').count()).toBe(3);
    await page.close();
  });
});
