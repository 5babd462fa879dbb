import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection, resetHistoryDatabase } from '@/test/unit/helpers';
import { currentAppId } from '@/utils/accounts/token-source';
import { createBatchHandlers, createExtensionBatchRunner } from './handlers';
import { readJobProgress } from '@/utils/messaging/job-progress';
import { createBatch } from './store';
import { historyDb, saveCode } from '@/utils/storage/history-db';
import type { QrCreateBody } from '@/utils/wechat/qr-request';
import { accountsItem } from '@/utils/storage/items';
import type { QrCreateResponse, WechatClient } from '@/utils/wechat/client';

const APP_ID = 'wx0123456789abcdef';
const OTHER_APP_ID = 'wxfedcba9876543210';
const SECRET = 'abcdef0123456789abcdef0123456789';

function fakeClient() {
  let n = 0;
  return {
    testConnection: vi.fn(async () => {}),
    followerList: vi.fn(async () => ({ total: 0, count: 0, next_openid: '' })),
    followerDetails: vi.fn(async () => []),
    createQrCode: vi.fn(async (body: QrCreateBody): Promise<QrCreateResponse> => {
      n++;
      return { ticket: `t+${n}/=`, url: `http://weixin.qq.com/q/${n}`, expireSeconds: body.expire_seconds ?? null };
    }),
  } satisfies WechatClient;
}

function setup(client = fakeClient()) {
  const runner = createExtensionBatchRunner(client, currentAppId, Date.now, { requestsPerSecond: 1e9 });
  return { client, runner, handlers: createBatchHandlers(runner, currentAppId) };
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
    expect(codes.map((code) => [code.scene, code.label]).sort()).toEqual([['7', 'L-7'], ['8', 'L-8']]);
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
    await saveCode({ id: 'old', appId: APP_ID, actionName: 'QR_LIMIT_STR_SCENE', scene: 'shop-1', label: '', ticket: 'old', url: 'u', expireSeconds: null, createdAt: 1, expiresAt: null });
    const { handlers } = setup();
    const view = await handlers.startBatch({ actionName: 'QR_LIMIT_STR_SCENE', rows: rows('shop-1', 'shop-2') });
    expect(view.job.total).toBe(1);
  });

  it('pauses rather than create a code in another account when the account changed mid-batch', async () => {
    await storeAccount(APP_ID);
    const { client, runner, handlers } = setup();
    const view = await handlers.startBatch({ actionName: 'QR_STR_SCENE', expireSeconds: 3600, rows: rows('a', 'b') });
    await runner.run(view.job.id);
    client.createQrCode.mockClear();
    // The same batch again, as a worker would find it after the operator switched accounts.
    const job = { ...view.job, id: 'again', status: 'running' as const };
    await createBatch(job, rows('c').map((row, index) => ({ ...row, batchId: 'again', index, state: 'pending' as const })));
    await storeAccount(OTHER_APP_ID);
    await runner.run('again');
    const after = await handlers.getBatch({ id: 'again' });
    expect(after?.job).toMatchObject({ status: 'paused', stoppedBy: { code: 'batch_account_changed' } });
    expect(client.createQrCode).not.toHaveBeenCalled();
  });

  it('answers batch_missing for an unknown batch and null when there is none', async () => {
    const { handlers } = setup();
    expect(await handlers.getBatch({})).toBeNull();
    expect((await rejection(handlers.pauseBatch({ id: 'nope' }))).code).toBe('batch_missing');
  });
});
