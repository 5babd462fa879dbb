import { afterEach, describe, expect, it } from 'vitest';
import { rejection, resetHistoryDatabase } from '@/test/unit/helpers';
import { createBatchHandlers, createExtensionBatchRunner } from './handlers';
import { readJobProgress } from '@/utils/messaging/job-progress';
import { createBatch } from './store';
import { historyDb, saveCode } from '@/utils/storage/history-db';
import type { QrCreateBody } from '@/utils/wechat/qr-request';
import { accountsItem, currentAccountIdItem } from '@/utils/storage/items';
import type { QrCreateResponse } from '@/utils/wechat/client';
import { fakeWechatClient } from '@/test/unit/fake-wechat';

const APP_ID = 'wx0123456789abcdef';
const OTHER_APP_ID = 'wxfedcba9876543210';
const SECRET = 'abcdef0123456789abcdef0123456789';

function fakeClient() {
  let n = 0;
  return fakeWechatClient({
    createQrCode: async (body: QrCreateBody): Promise<QrCreateResponse> => {
      n++;
      return { ticket: `t+${n}/=`, url: `http://weixin.qq.com/q/${n}`, expireSeconds: body.expire_seconds ?? null };
    },
  });
}

function setup(client = fakeClient()) {
  const runner = createExtensionBatchRunner(client, Date.now, { requestsPerSecond: 1e9 });
  return { client, runner, handlers: createBatchHandlers(runner) };
}

const storeAccount = (appId: string) => accountsItem.setValue([{ id: appId, name: appId, appId, tokenSource: 'stable', appSecret: SECRET }]);

const rows = (...scenes: string[]) => scenes.map((scene, index) => ({ row: index + 1, scene, label: `L-${scene}` }));

afterEach(resetHistoryDatabase);

describe('startBatch', () => {
  it('checks the rows again, sends only the valid ones with the exact bodies and keeps each code in history', async () => {
    await storeAccount(APP_ID);
    const { client, runner, handlers } = setup();
    const view = await handlers.startBatch({ actionName: 'QR_SCENE', expireSeconds: '3600', rows: rows('7', 'x', '007', '8') });
    expect(view.job).toMatchObject({ appId: APP_ID, actionName: 'QR_SCENE', expireSeconds: 3600, total: 2, concurrency: 4 });
    await runner.run(view.job.id);
    expect(client.createQrCode.mock.calls.map(([body]) => body)).toEqual([
      { expire_seconds: 3600, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 7 } } },
      { expire_seconds: 3600, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 8 } } },
    ]);
    const codes = await (await historyDb()).getAll('codes');
    expect(codes.map((code) => [code.scene, code.label]).sort()).toEqual([
      ['7', 'L-7'],
      ['8', 'L-8'],
    ]);
    expect((await handlers.getBatch({}))?.counts).toEqual({ done: 2, failed: 0, pending: 0, cancelled: 0 });
    expect(await readJobProgress('batch', view.job.id)).toMatchObject({ batchId: view.job.id, status: 'done' });
  });

  it('refuses before anything is sent: a bad lifetime, nothing valid, an unknown kind', async () => {
    await storeAccount(APP_ID);
    const { client, handlers } = setup();
    expect((await rejection(handlers.startBatch({ actionName: 'QR_STR_SCENE', expireSeconds: '10', rows: rows('a') }))).code).toBe('expire_range');
    expect((await rejection(handlers.startBatch({ actionName: 'QR_SCENE', expireSeconds: '3600', rows: rows('x', '') }))).code).toBe('batch_nothing_to_create');
    expect((await rejection(handlers.startBatch({ actionName: 'QR_NOPE', rows: rows('a') }))).code).toBe('action_name_invalid');
    expect(client.createQrCode).not.toHaveBeenCalled();
  });

  it('skips permanent scenes history already has for this account', async () => {
    await storeAccount(APP_ID);
    await saveCode({
      id: 'old',
      appId: APP_ID,
      actionName: 'QR_LIMIT_STR_SCENE',
      scene: 'shop-1',
      label: '',
      ticket: 'old',
      url: 'u',
      expireSeconds: null,
      createdAt: 1,
      expiresAt: null,
    });
    const { handlers } = setup();
    const view = await handlers.startBatch({ actionName: 'QR_LIMIT_STR_SCENE', rows: rows('shop-1', 'shop-2') });
    expect(view.job.total).toBe(1);
  });

  it('answers batch_missing for an unknown batch and null when there is none', async () => {
    const { handlers } = setup();
    expect(await handlers.getBatch({})).toBeNull();
    expect((await rejection(handlers.pauseBatch({ id: 'nope' }))).code).toBe('batch_missing');
  });
});

describe('a batch keeps the account it was started in', () => {
  const A = { id: 'a', name: 'A', appId: APP_ID, tokenSource: 'stable' as const, appSecret: SECRET };
  const B = { id: 'b', name: 'B', appId: OTHER_APP_ID, tokenSource: 'stable' as const, appSecret: SECRET };

  async function twoAccounts(currentId: string) {
    await accountsItem.setValue([A, B]);
    await currentAccountIdItem.setValue(currentId);
  }

  it("goes on with its own account's token and files every code under it after the current account is switched", async () => {
    await twoAccounts('a');
    const { client, runner, handlers } = setup();
    const create = client.createQrCode.getMockImplementation()!;
    // The operator switches to B while the first code is being made.
    client.createQrCode.mockImplementationOnce(async (body) => {
      await currentAccountIdItem.setValue('b');
      return create(body);
    });
    const view = await handlers.startBatch({ actionName: 'QR_STR_SCENE', expireSeconds: 3600, concurrency: 1, rows: rows('a', 'b', 'c') });
    expect(view.job).toMatchObject({ accountId: 'a', appId: APP_ID });
    await runner.run(view.job.id);
    expect((await handlers.getBatch({ id: view.job.id }))?.job.status).toBe('done');
    expect(client.appIdsOf('createQrCode')).toEqual([APP_ID, APP_ID, APP_ID]);
    expect((await (await historyDb()).getAll('codes')).map((code) => code.appId)).toEqual([APP_ID, APP_ID, APP_ID]);
  });

  it('pauses with account_missing once its account is removed, and makes nothing in another one', async () => {
    await twoAccounts('a');
    const { client, runner, handlers } = setup();
    const create = client.createQrCode.getMockImplementation()!;
    client.createQrCode.mockImplementationOnce(async (body) => {
      await accountsItem.setValue([B]);
      return create(body);
    });
    const view = await handlers.startBatch({ actionName: 'QR_STR_SCENE', expireSeconds: 3600, concurrency: 1, rows: rows('a', 'b', 'c') });
    await runner.run(view.job.id);
    const after = await handlers.getBatch({ id: view.job.id });
    expect(after?.job).toMatchObject({ status: 'paused', stoppedBy: { code: 'account_missing' } });
    expect(after?.counts).toEqual({ done: 1, failed: 0, pending: 2, cancelled: 0 });
    expect(client.appIdsOf('createQrCode')).toEqual([APP_ID]);
    // Added back (a new id, the same AppID): Resume goes on in it.
    await accountsItem.setValue([B, { ...A, id: 'a-again' }]);
    await handlers.resumeBatch({ id: view.job.id });
    await runner.run(view.job.id);
    expect((await handlers.getBatch({ id: view.job.id }))?.counts).toEqual({ done: 3, failed: 0, pending: 0, cancelled: 0 });
    expect(client.appIdsOf('createQrCode')).toEqual([APP_ID, APP_ID, APP_ID]);
  });

  it('a job stored before jobs kept their account id finds its account by AppID, whichever is current', async () => {
    await twoAccounts('b');
    const { client, runner, handlers } = setup();
    const job = {
      id: 'old',
      appId: APP_ID,
      actionName: 'QR_STR_SCENE' as const,
      expireSeconds: 3600,
      concurrency: 1,
      createdAt: 1,
      status: 'running' as const,
      total: 1,
    };
    await createBatch(
      job,
      rows('c').map((row, index) => ({ ...row, batchId: 'old', index, state: 'pending' as const })),
    );
    await runner.run('old');
    expect((await handlers.getBatch({ id: 'old' }))?.job.status).toBe('done');
    expect(client.appIdsOf('createQrCode')).toEqual([APP_ID]);
    expect((await (await historyDb()).getAll('codes')).map((code) => code.appId)).toEqual([APP_ID]);
  });
});
