import { afterEach, describe, expect, it } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { createBackgroundHandlers } from '@/utils/background/handlers';
import { REPORT_DB_NAME, closeReportDb } from '@/utils/storage/report-db';
import { accountsItem } from '@/utils/storage/items';
import { fakeWechatClient } from '@/test/unit/fake-wechat';

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
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(REPORT_DB_NAME);
    request.onsuccess = () => resolve();
  });
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
