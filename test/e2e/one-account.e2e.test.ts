import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ExtensionBrowser } from './support/extension-browser';
import { historyRecords, saveCredentials } from './page-objects/compat';
import { SECOND_APP_ID, SECOND_APP_SECRET, TEST_APP_ID, WechatStandIn } from '../stand-ins/wechat-stand-in';

/**
 * Every operation is bound to the account it started in: its token, its requests and where its
 * records go. Switching the current account changes what the next operation uses, never a running one.
 * Two accounts; the stand-in tells which account's token each create request carried.
 */

/** The extension API as an extension page sees it (evaluated inside the page). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const CREATE = '/cgi-bin/qrcode/create';

let standIn: WechatStandIn;
let browser: ExtensionBrowser;
/** An extension page to send the background messages from, as the popup and the options page do. */
let page: Page;
const ids = { a: '', b: '' };

/** One message to the background, as a page sends it; fails the test with the error it answered. */
async function send<T = unknown>(type: string, input?: unknown): Promise<T> {
  const reply = (await page.evaluate(([type, input]) => chrome.runtime.sendMessage({ type, input }), [type, input] as const)) as {
    success: boolean;
    payload?: T;
    error?: unknown;
  };
  if (!reply.success) throw new Error(`${type} failed: ${JSON.stringify(reply.error)}`);
  return reply.payload as T;
}

/** The account whose token made the code with this scene, as WeChat saw it. */
function tokenOwnerOfScene(scene: string): string | undefined {
  const request = standIn
    .requestsTo(CREATE)
    .find((r) => (r.body as { action_info?: { scene?: { scene_str?: string } } }).action_info?.scene?.scene_str === scene);
  return request && standIn.appIdOfToken(request.query.access_token ?? '');
}

async function recordOfScene(scene: string): Promise<Record<string, unknown> | undefined> {
  return (await historyRecords(await browser.currentServiceWorker())).find((record) => record.scene === scene);
}

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
  browser = await ExtensionBrowser.launch({ wechatPort: standIn.port });
  page = await browser.open('options');
  await page.locator('input[name=accountName]').fill('门店号');
  await saveCredentials(page);
  await send('saveAccount', { name: '总部号', appId: SECOND_APP_ID, appSecret: SECOND_APP_SECRET, tokenSource: 'stable' });
  const { accounts } = await send<{ accounts: { id: string; appId: string }[] }>('getSettings');
  ids.a = accounts.find((account) => account.appId === TEST_APP_ID)!.id;
  ids.b = accounts.find((account) => account.appId === SECOND_APP_ID)!.id;
});

afterAll(async () => {
  await browser?.close();
  await standIn?.stop();
});

describe('one account per operation', () => {
  it('renaming an account in the options page keeps its push server (URL, Token, 原始ID)', async () => {
    const url = `https://127.0.0.1:${standIn.port}/wx`;
    await send('savePushServer', { accountId: ids.a, url, token: 'push-token', originalId: 'gh_0123456789ab' });
    await page.reload();
    await page.locator('.account-list tr', { hasText: '门店号' }).getByRole('button', { name: '编辑' }).click();
    await page.locator('input[name=accountName]').fill('门店一号');
    await page.locator('form.credentials button[type=submit]').click();
    await page.locator('form.credentials [role=status]').getByText('已保存').waitFor();
    await page.locator('.account-list strong', { hasText: '门店一号' }).waitFor();
    expect(await send('getPushServer', { accountId: ids.a })).toMatchObject({ accountName: '门店一号', url, originalId: 'gh_0123456789ab', hasToken: true });
  });

  it('a create raced with a switch is filed under the account whose token made it, every time', async () => {
    standIn.clearLog();
    const scenes = Array.from({ length: 8 }, (_, i) => `race-${i + 1}`);
    for (const [round, scene] of scenes.entries()) {
      await send('switchAccount', { id: ids.a });
      // Both sent at once, the create first in even rounds and the switch first in odd ones.
      await page.evaluate(
        ([scene, other, createFirst]) => {
          const create = () =>
            chrome.runtime.sendMessage({ type: 'createQrCode', input: { actionName: 'QR_STR_SCENE', scene, expireSeconds: 3600, label: '' } });
          const switchAway = () => chrome.runtime.sendMessage({ type: 'switchAccount', input: { id: other } });
          return createFirst ? Promise.all([create(), switchAway()]) : Promise.all([switchAway(), create()]);
        },
        [scene, ids.b, round % 2 === 0] as const,
      );
    }
    const filed = await Promise.all(scenes.map(async (scene) => [(await recordOfScene(scene))?.appId, tokenOwnerOfScene(scene)]));
    for (const [appId, tokenOwner] of filed) {
      expect(appId).toBeDefined();
      expect(appId).toBe(tokenOwner);
    }
  });

  it("renewing A's code while B is current makes it with A's token, filed under A, linked to the old code", async () => {
    await send('switchAccount', { id: ids.a });
    const old = await send<{ id: string; appId: string }>('createQrCode', { actionName: 'QR_STR_SCENE', scene: 'renew-me', expireSeconds: 60, label: '续期' });
    expect(old.appId).toBe(TEST_APP_ID);
    await send('switchAccount', { id: ids.b });
    standIn.clearLog();
    const renewed = await send<{ appId: string; renewedFromId?: string; label: string }>('renewQrCode', { id: old.id });
    expect(renewed).toMatchObject({ appId: TEST_APP_ID, renewedFromId: old.id, label: '续期' });
    expect(tokenOwnerOfScene('renew-me')).toBe(TEST_APP_ID);
  });

  it('a batch keeps creating with its own account after the current account is switched', async () => {
    await send('switchAccount', { id: ids.a });
    standIn.clearLog();
    const scenes = Array.from({ length: 5 }, (_, i) => `batch-${i + 1}`);
    // Slow answers, so the switch lands while the batch is still creating.
    standIn.queueFault(CREATE, ...scenes.map(() => ({ delayMs: 300 })));
    const started = await send<{ job: { id: string } }>('startBatch', {
      actionName: 'QR_STR_SCENE',
      expireSeconds: 3600,
      concurrency: 1,
      rows: scenes.map((scene, i) => ({ row: i + 1, scene, label: '' })),
    });
    await expect.poll(() => standIn.requestsTo(CREATE).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await send('switchAccount', { id: ids.b });
    await expect.poll(async () => (await send<{ job: { status: string } }>('getBatch', { id: started.job.id })).job.status, { timeout: 20_000 }).toBe('done');
    expect(scenes.map(tokenOwnerOfScene)).toEqual(scenes.map(() => TEST_APP_ID));
    expect(await Promise.all(scenes.map(async (scene) => (await recordOfScene(scene))?.appId))).toEqual(scenes.map(() => TEST_APP_ID));
  });
});
