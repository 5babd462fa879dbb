/**
 * The background entrypoint as Chrome runs it: its main() in WXT's fake browser, then the events
 * Chrome fires (install, a message from a page, a menu click, the batch watchdog's alarm), each
 * checked by what it does. WeChat is a fetch stand-in answering the two calls these need.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import background from '@/entrypoints/background';
import { BATCH_WATCHDOG_ALARM } from '@/utils/batch/watchdog';
import { createBatch, getBatchItems, getBatchJob } from '@/utils/batch/store';
import type { BatchItem, BatchJob } from '@/utils/batch/job';
import { CONTEXT_MENU_ID } from '@/utils/context-menu/menu';
import { historyDb } from '@/utils/storage/history-db';
import { accountsItem } from '@/utils/storage/items';
import { resetHistoryDatabase } from './helpers';

const APP_ID = 'wx0123456789abcdef';
const SECRET = 'abcdef0123456789abcdef0123456789';

type Listener<A extends unknown[]> = (...args: A) => unknown;

/** WXT's fake browser has no contextMenus: the menu items in memory and an onClicked to fire. */
function fakeContextMenus() {
  const items = new Map<string, Browser.contextMenus.CreateProperties>();
  const listeners: Listener<[Browser.contextMenus.OnClickData, Browser.tabs.Tab | undefined]>[] = [];
  return {
    items,
    removeAll: vi.fn(async () => items.clear()),
    create: vi.fn((props: Browser.contextMenus.CreateProperties) => void items.set(String(props.id), props)),
    onClicked: {
      addListener: (listener: (typeof listeners)[number]) => void listeners.push(listener),
      trigger: (info: Partial<Browser.contextMenus.OnClickData>) =>
        listeners.map((l) => l({ editable: false, menuItemId: '', ...info } as Browser.contextMenus.OnClickData, undefined)),
    },
  };
}

/** WeChat's stable_token and qrcode/create, answered at once; every create body kept. */
function fakeWechat() {
  const createBodies: Record<string, unknown>[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const json = (body: object) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    if (url.pathname === '/cgi-bin/stable_token') return json({ access_token: 'TOKEN_BG', expires_in: 7200 });
    if (url.pathname === '/cgi-bin/qrcode/create') {
      createBodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return json({ ticket: `gQH+/${createBodies.length}=`, expire_seconds: 600, url: `http://weixin.qq.com/q/${createBodies.length}` });
    }
    return new Response('not found', { status: 404 });
  });
  return { fetch, createBodies };
}

let menus: ReturnType<typeof fakeContextMenus>;
let wechat: ReturnType<typeof fakeWechat>;
let windowsCreate: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  menus = fakeContextMenus();
  windowsCreate = vi.fn(async () => ({}));
  Object.assign(fakeBrowser, { contextMenus: menus });
  Object.assign(fakeBrowser.windows, { create: windowsCreate });
  wechat = fakeWechat();
  vi.stubGlobal('fetch', wechat.fetch);
  await accountsItem.setValue([{ id: 'a1', name: 'Shop', appId: APP_ID, tokenSource: 'stable', appSecret: SECRET }]);
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await resetHistoryDatabase();
});

/** A page of this extension, as the router requires of a sender. */
const ownPage = (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') });

describe('the background entrypoint', () => {
  it('registers the context menu item when installed', async () => {
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    await vi.waitFor(() => expect([...menus.items.keys()]).toEqual([CONTEXT_MENU_ID]));
    expect(menus.removeAll).toHaveBeenCalledBefore(menus.create);
  });

  it('answers its own pages through the router, and refuses anyone else', async () => {
    background.main();
    const [reply] = await fakeBrowser.runtime.onMessage.trigger({ type: 'getSettings' }, ownPage());
    expect(reply).toMatchObject({ success: true });
    expect(JSON.stringify(reply)).toContain(APP_ID);
    const [refused] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'getSettings' },
      { id: 'another-extension', url: 'chrome-extension://another-extension/x.html' },
    );
    expect(refused).toEqual({ success: false, error: { code: 'forbidden_sender' } });
    // Not one of its messages: left for another listener (no answer at all).
    expect(await fakeBrowser.runtime.onMessage.trigger({ type: 'no-such-message' }, ownPage())).toEqual([undefined]);
  });

  it('opens the create window for a click on its menu item, prefilled from the link', async () => {
    background.main();
    menus.onClicked.trigger({ menuItemId: CONTEXT_MENU_ID, linkUrl: 'https://shop.example.com/?scene=spring' });
    await vi.waitFor(() => expect(windowsCreate).toHaveBeenCalledTimes(1));
    const { url } = windowsCreate.mock.calls[0]![0] as { url: string };
    expect(url.startsWith(fakeBrowser.runtime.getURL('/create.html'))).toBe(true);
    expect(decodeURIComponent(url)).toContain('spring');
    expect(wechat.createBodies).toEqual([]);
  });

  it('resumes a running batch when the watchdog alarm fires, each code once', async () => {
    const disarmed = vi.spyOn(fakeBrowser.alarms, 'clear');
    background.main();
    // The start-up resume found no batch and disarmed the watchdog: from here on only the alarm can
    // find the batch stored below.
    await vi.waitFor(() => expect(disarmed).toHaveBeenCalledWith(BATCH_WATCHDOG_ALARM));
    const job: BatchJob = {
      id: 'b1',
      appId: APP_ID,
      actionName: 'QR_SCENE',
      expireSeconds: 600,
      concurrency: 2,
      createdAt: Date.now(),
      status: 'running',
      total: 3,
    };
    const items: BatchItem[] = [7, 8, 9].map((scene, index) => ({
      batchId: job.id,
      index,
      row: index + 1,
      scene: String(scene),
      label: `L${scene}`,
      state: 'pending',
    }));
    await createBatch(job, items);
    await fakeBrowser.alarms.onAlarm.trigger({ name: BATCH_WATCHDOG_ALARM, scheduledTime: Date.now(), periodInMinutes: 1 });
    await vi.waitFor(async () => expect((await getBatchJob(job.id))?.status).toBe('done'), { timeout: 5_000 });
    expect((await getBatchItems(job.id)).map((item) => item.state)).toEqual(['done', 'done', 'done']);
    expect(wechat.createBodies.map((body) => (body.action_info as { scene: { scene_id: number } }).scene.scene_id).sort()).toEqual([7, 8, 9]);
    expect((await (await historyDb()).getAll('codes')).map((code) => code.scene).sort()).toEqual(['7', '8', '9']);
  });
});
