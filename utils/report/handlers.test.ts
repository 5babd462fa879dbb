import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { createBackgroundHandlers } from '@/utils/background/handlers';
import { REPORT_DB_NAME, closeReportDb, loadSnapshot } from '@/utils/storage/report-db';
import { accountsItem, currentAccountIdItem } from '@/utils/storage/items';
import { fakeWechatClient } from '@/test/unit/fake-wechat';
import { deleteDatabase } from '@/test/unit/helpers';

const APP_ID = 'wx0123456789abcdef';

function fakeClient() {
  return fakeWechatClient({
    followerList: async () => ({ total: 2, count: 2, data: { openid: ['oA', 'oB'] }, next_openid: 'oB' }),
    followerDetails: async () => [
      { subscribe: 1, openid: 'oA', qr_scene_str: 'poster', subscribe_time: 1 },
      { subscribe: 1, openid: 'oB', qr_scene: 0, qr_scene_str: '' },
    ],
  });
}

afterEach(async () => {
  await closeReportDb();
  await deleteDatabase(REPORT_DB_NAME);
});

describe('report messages', () => {
  it('without an account set up, the report explains that first', async () => {
    const handlers = createBackgroundHandlers(fakeClient());
    expect((await rejection(handlers.reportStatus({}))).code).toBe('credentials_missing');
    expect((await rejection(handlers.startReportRefresh({}))).code).toBe('credentials_missing');
  });

  it('start → status shows the refresh waiting for confirmation → resume → cancel, all for the account set up', async () => {
    await accountsItem.setValue([{ id: 'a1', name: 'Shop', appId: APP_ID, tokenSource: 'stable', appSecret: 'abcdef0123456789abcdef0123456789' }]);
    const client = fakeClient();
    const handlers = createBackgroundHandlers(client);
    expect(await handlers.reportStatus({})).toEqual({ accountId: 'a1', appId: APP_ID, refresh: null });
    expect(await handlers.startReportRefresh({})).toMatchObject({ appId: APP_ID, status: 'confirm', total: 2 });
    expect(client.followerList).toHaveBeenCalledWith('');
    expect((await handlers.reportStatus({})).refresh?.status).toBe('confirm');
    expect((await handlers.pauseReportRefresh({}))?.status).toBe('confirm');
    expect(await handlers.cancelReportRefresh({})).toBeNull();
    expect((await handlers.reportStatus({})).refresh).toBeNull();
  });
});

describe('a refresh keeps the account it refreshes', () => {
  const A = { id: 'a', name: 'A', appId: APP_ID, tokenSource: 'stable' as const, appSecret: 'abcdef0123456789abcdef0123456789' };
  const B = { id: 'b', name: 'B', appId: 'wxfedcba9876543210', tokenSource: 'stable' as const, appSecret: '0123456789abcdef0123456789abcdef' };

  it("goes on to the end with its own account's token when the current account is switched mid-refresh", async () => {
    await accountsItem.setValue([A, B]);
    await currentAccountIdItem.setValue('a');
    const client = fakeClient();
    const details = client.followerDetails.getMockImplementation()!;
    // The operator switches to B while the followers are being read.
    client.followerDetails.mockImplementationOnce(async (openids) => {
      await currentAccountIdItem.setValue('b');
      return details(openids);
    });
    const handlers = createBackgroundHandlers(client);
    await handlers.startReportRefresh({ accountId: 'a' });
    await handlers.resumeReportRefresh({ accountId: 'a' });
    await vi.waitFor(async () => expect(Object.keys((await loadSnapshot(APP_ID))?.counts ?? {})).toEqual(['str:poster']));
    expect(await currentAccountIdItem.getValue()).toBe('b');
    expect(new Set(client.used.map((one) => one.appId))).toEqual(new Set([APP_ID]));
    expect((await handlers.reportStatus({ accountId: 'a' })).refresh).toBeNull();
  });
});
