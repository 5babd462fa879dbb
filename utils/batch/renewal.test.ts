import { afterEach, describe, expect, it } from 'vitest';
import { rejection, resetHistoryDatabase } from '@/test/unit/helpers';
import { fakeWechatClient } from '@/test/unit/fake-wechat';
import type { QrCodeRecord } from '@/utils/codes/record';
import { accountsItem, currentAccountIdItem } from '@/utils/storage/items';
import { historyDb, saveCode } from '@/utils/storage/history-db';
import type { QrCreateResponse } from '@/utils/wechat/client';
import type { QrCreateBody } from '@/utils/wechat/qr-request';
import { createBatchHandlers, createExtensionBatchRunner } from './handlers';

const APP_ID = 'wx0123456789abcdef';
const OTHER_APP_ID = 'wxfedcba9876543210';
const SECRET = 'abcdef0123456789abcdef0123456789';
const DAY = 86_400_000;

function fakeClient() {
  let n = 0;
  return fakeWechatClient({
    createQrCode: async (body: QrCreateBody): Promise<QrCreateResponse> => {
      n++;
      return { ticket: `new+${n}/=`, url: `http://weixin.qq.com/q/new${n}`, expireSeconds: body.expire_seconds ?? null };
    },
  });
}

function setup(client = fakeClient()) {
  const runner = createExtensionBatchRunner(client, Date.now, { requestsPerSecond: 1e9 });
  return { client, runner, handlers: createBatchHandlers(runner) };
}

function expiredCode(i: number, overrides: Partial<QrCodeRecord> = {}): QrCodeRecord {
  const createdAt = Date.now() - 40 * DAY;
  const str = i % 2 === 0;
  const expireSeconds = str ? 2_592_000 : 86_400 * (1 + (i % 5));
  return {
    id: `old-${i}`,
    appId: APP_ID,
    actionName: str ? 'QR_STR_SCENE' : 'QR_SCENE',
    scene: str ? `shop-${i}` : String(100 + i),
    label: `门店 ${i}`,
    ticket: `old+${i}/=`,
    url: `http://weixin.qq.com/q/old${i}`,
    expireSeconds,
    createdAt,
    expiresAt: createdAt + expireSeconds * 1000,
    ...overrides,
  };
}

const A = { id: 'a', name: 'A', appId: APP_ID, tokenSource: 'stable' as const, appSecret: SECRET };
const B = { id: 'b', name: 'B', appId: OTHER_APP_ID, tokenSource: 'stable' as const, appSecret: SECRET };

afterEach(resetHistoryDatabase);

describe('startRenewal (renew selected)', () => {
  it('renews 30 expired codes of mixed kinds and lifetimes as one batch: 30 new records, each linked to the code it replaces', async () => {
    await accountsItem.setValue([A]);
    const old = Array.from({ length: 30 }, (_, i) => expiredCode(i, i === 3 ? { sourceUrl: 'https://shop.example/p?id=3' } : {}));
    for (const record of old) await saveCode(record);
    const { client, runner, handlers } = setup();
    const view = await handlers.startRenewal({ ids: old.map((record) => record.id) });
    expect(view.job).toMatchObject({ kind: 'renewal', accountId: 'a', appId: APP_ID, total: 30, status: 'running' });
    await runner.run(view.job.id);

    expect((await handlers.getBatch({ id: view.job.id }))?.counts).toEqual({ done: 30, failed: 0, pending: 0, cancelled: 0 });
    const bodies = client.createQrCode.mock.calls.map(([body]) => body);
    expect(bodies).toHaveLength(30);
    expect(bodies).toContainEqual({ expire_seconds: 2_592_000, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'shop-0' } } });
    expect(bodies).toContainEqual({ expire_seconds: 86_400 * 2, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 101 } } });
    const renewed = (await (await historyDb()).getAll('codes')).filter((code) => code.renewedFromId);
    expect(renewed).toHaveLength(30);
    for (const record of old) {
      const renewal = renewed.find((code) => code.renewedFromId === record.id)!;
      expect(renewal).toMatchObject({
        appId: APP_ID,
        actionName: record.actionName,
        scene: record.scene,
        label: record.label,
        expireSeconds: record.expireSeconds,
        batchId: view.job.id,
      });
      expect(renewal.expiresAt! - renewal.createdAt).toBe(record.expireSeconds! * 1000);
    }
    expect(renewed.find((code) => code.renewedFromId === 'old-3')?.sourceUrl).toBe('https://shop.example/p?id=3');
  });

  it("survives a worker stop: a new runner resumes the renewal from IndexedDB with each item's kind and link", async () => {
    await accountsItem.setValue([A]);
    const old = [expiredCode(0), expiredCode(1)];
    for (const record of old) await saveCode(record);
    const first = setup();
    // Started, but the worker stops before any request: nothing of the items lives only in memory.
    first.client.createQrCode.mockImplementation(() => new Promise(() => {}));
    const view = await first.handlers.startRenewal({ ids: ['old-0', 'old-1'] });
    const next = setup();
    await next.runner.resumeRunning();
    expect(next.client.createQrCode.mock.calls.map(([body]) => body.action_name).sort()).toEqual(['QR_SCENE', 'QR_STR_SCENE']);
    const renewed = (await (await historyDb()).getAll('codes')).filter((code) => code.batchId === view.job.id);
    expect(renewed.map((code) => code.renewedFromId).sort()).toEqual(['old-0', 'old-1']);
  });

  it("is made in the codes' own account, whichever is current", async () => {
    await accountsItem.setValue([A, B]);
    await currentAccountIdItem.setValue('b');
    await saveCode(expiredCode(0));
    const { client, runner, handlers } = setup();
    const view = await handlers.startRenewal({ ids: ['old-0'] });
    expect(view.job).toMatchObject({ accountId: 'a', appId: APP_ID });
    await runner.run(view.job.id);
    expect(client.appIdsOf('createQrCode')).toEqual([APP_ID]);
  });

  it('refuses, before anything is sent: permanent codes, two accounts, nothing left in history, an account gone', async () => {
    await accountsItem.setValue([A, B]);
    await saveCode(expiredCode(0));
    await saveCode(expiredCode(1, { id: 'perm', ticket: 'perm', actionName: 'QR_LIMIT_SCENE', expireSeconds: null, expiresAt: null }));
    await saveCode(expiredCode(2, { id: 'other', ticket: 'other', appId: OTHER_APP_ID }));
    const { client, handlers } = setup();
    expect(await rejection(handlers.startRenewal({ ids: ['old-0', 'perm'] }))).toMatchObject({ code: 'renew_selection_permanent', params: ['1'] });
    expect(await rejection(handlers.startRenewal({ ids: ['old-0', 'other'] }))).toMatchObject({ code: 'renew_selection_accounts', params: ['2'] });
    expect((await rejection(handlers.startRenewal({ ids: ['deleted'] }))).code).toBe('renew_selection_empty');
    await accountsItem.setValue([B]);
    expect((await rejection(handlers.startRenewal({ ids: ['old-0'] }))).code).toBe('account_missing');
    expect(client.createQrCode).not.toHaveBeenCalled();
    expect(await (await historyDb()).count('batches')).toBe(0);
  });
});
