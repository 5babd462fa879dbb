import { afterEach, describe, expect, it } from 'vitest';
import { AppFailure } from '@/utils/messaging/app-error';
import { rejection, resetHistoryDatabase } from '@/test/unit/helpers';
import { createBackgroundHandlers } from './handlers';
import { recentCodes } from '@/utils/storage/history-db';
import type { QrRequestInput } from '@/utils/wechat/qr-request';
import { accountsItem } from '@/utils/storage/items';
import type { QrCreateResponse } from '@/utils/wechat/client';
import { fakeWechatClient } from '@/test/unit/fake-wechat';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'abcdef0123456789abcdef0123456789';
const NOW = 1_700_000_000_000;
const TICKET = 'gQH47joAAAAAAAAAASxodHRwOi8v+/==';
const QR_URL = 'http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI';

function fakeClient(response: Partial<QrCreateResponse> = {}) {
  return fakeWechatClient({ createQrCode: async () => ({ ticket: TICKET, url: QR_URL, expireSeconds: 604800, ...response }) });
}

async function storeCredentials() {
  await accountsItem.setValue([{ id: 'a1', name: 'Shop', appId: APP_ID, tokenSource: 'stable', appSecret: APP_SECRET }]);
}

afterEach(resetHistoryDatabase);

describe('testConnection', () => {
  it('asks the client for a token and answers with the AppID', async () => {
    await storeCredentials();
    const client = fakeClient();
    expect(await createBackgroundHandlers(client).testConnection({})).toEqual({ appId: APP_ID });
    expect(client.testConnection).toHaveBeenCalledTimes(1);
  });
});

describe('createQrCode', () => {
  const temporary: QrRequestInput = { actionName: 'QR_SCENE', scene: '123', expireSeconds: '604800', label: '  海报 A  ' };

  it.each<[string, QrRequestInput, string]>([
    ['permanent scene id 100001', { actionName: 'QR_LIMIT_SCENE', scene: '100001' }, 'scene_id_range'],
    ['scene id "1e3"', { actionName: 'QR_SCENE', scene: '1e3', expireSeconds: 60 }, 'scene_id_not_integer'],
    ['22 Chinese characters', { actionName: 'QR_STR_SCENE', scene: '一'.repeat(22), expireSeconds: 60 }, 'scene_str_too_long'],
    ['expire 59', { actionName: 'QR_SCENE', scene: '1', expireSeconds: 59 }, 'expire_range'],
    ['an unknown action', { actionName: 'QR_FOREVER', scene: '1' }, 'action_name_invalid'],
  ])('refuses %s before calling WeChat: the client is not called and nothing is saved', async (_, input, code) => {
    await storeCredentials();
    const client = fakeClient();
    expect((await rejection(createBackgroundHandlers(client, () => NOW).createQrCode(input))).code).toBe(code);
    expect(client.createQrCode).not.toHaveBeenCalled();
    expect(await recentCodes(10)).toEqual([]);
  });

  it('reports invalid input rather than missing credentials when both are wrong', async () => {
    const client = fakeClient();
    const error = await rejection(createBackgroundHandlers(client).createQrCode({ actionName: 'QR_LIMIT_SCENE', scene: '0' }));
    expect(error.code).toBe('scene_id_range');
  });

  it('refuses with credentials_missing when no account is set, without calling the client', async () => {
    const client = fakeClient();
    expect((await rejection(createBackgroundHandlers(client).createQrCode(temporary))).code).toBe('credentials_missing');
    expect(client.createQrCode).not.toHaveBeenCalled();
  });

  it('keeps the source link of a context-menu code, and only http(s) links', async () => {
    await storeCredentials();
    const handlers = createBackgroundHandlers(fakeClient(), () => NOW);
    const kept = await handlers.createQrCode({ ...temporary, sourceUrl: 'https://shop.example/?channel=a' });
    expect(kept.sourceUrl).toBe('https://shop.example/?channel=a');
    const dropped = await createBackgroundHandlers(fakeClient({ ticket: 'other' }), () => NOW).createQrCode({ ...temporary, sourceUrl: 'javascript:alert(1)' });
    expect(dropped).not.toHaveProperty('sourceUrl');
  });

  it('sends the validated body to the client', async () => {
    await storeCredentials();
    const client = fakeClient();
    await createBackgroundHandlers(client, () => NOW).createQrCode(temporary);
    expect(client.createQrCode).toHaveBeenCalledWith({
      expire_seconds: 604800,
      action_name: 'QR_SCENE',
      action_info: { scene: { scene_id: 123 } },
    });
  });

  it('has the record in IndexedDB by the time it resolves, with expiresAt = createdAt + expire_seconds * 1000', async () => {
    await storeCredentials();
    const record = await createBackgroundHandlers(fakeClient(), () => NOW).createQrCode(temporary);

    expect(record).toMatchObject({
      appId: APP_ID,
      actionName: 'QR_SCENE',
      scene: '123',
      label: '海报 A',
      ticket: TICKET,
      url: QR_URL,
      expireSeconds: 604800,
      createdAt: NOW,
      expiresAt: NOW + 604800 * 1000,
    });
    expect(await recentCodes(10)).toEqual([record]);
  });

  it('uses the requested lifetime for expiresAt when WeChat does not echo expire_seconds', async () => {
    await storeCredentials();
    const record = await createBackgroundHandlers(fakeClient({ expireSeconds: null }), () => NOW).createQrCode({
      ...temporary,
      expireSeconds: 86400,
    });
    expect(record.expiresAt).toBe(NOW + 86400 * 1000);
  });

  it('stores a permanent code with expireSeconds and expiresAt null, even if WeChat sent a lifetime', async () => {
    await storeCredentials();
    const record = await createBackgroundHandlers(fakeClient({ expireSeconds: 604800 }), () => NOW).createQrCode({
      actionName: 'QR_LIMIT_STR_SCENE',
      scene: 'store-42',
    });
    expect(record).toMatchObject({ actionName: 'QR_LIMIT_STR_SCENE', scene: 'store-42', expireSeconds: null, expiresAt: null });
    expect(await recentCodes(10)).toEqual([record]);
  });

  it('keeps no secret and no token in the stored record', async () => {
    await storeCredentials();
    await createBackgroundHandlers(fakeClient(), () => NOW).createQrCode(temporary);
    expect(JSON.stringify(await recentCodes(10))).not.toContain(APP_SECRET);
  });

  it('a repeated permanent request that returns the same ticket yields the first record and no duplicate', async () => {
    await storeCredentials();
    const client = fakeClient({ expireSeconds: null });
    const input: QrRequestInput = { actionName: 'QR_LIMIT_SCENE', scene: '42', label: 'first' };

    const first = await createBackgroundHandlers(client, () => NOW).createQrCode(input);
    const second = await createBackgroundHandlers(client, () => NOW + 60_000).createQrCode({ ...input, label: 'second' });

    expect(second).toEqual(first);
    expect(await recentCodes(10)).toEqual([first]);
  });

  it('keeps codes with different tickets as separate records, newest first', async () => {
    await storeCredentials();
    const a = await createBackgroundHandlers(fakeClient({ ticket: 'TICKET-A' }), () => NOW).createQrCode(temporary);
    const b = await createBackgroundHandlers(fakeClient({ ticket: 'TICKET-B' }), () => NOW + 1000).createQrCode(temporary);
    expect((await recentCodes(10)).map((r) => r.id)).toEqual([b.id, a.id]);
  });

  it('propagates a WeChat failure from the client and saves nothing', async () => {
    await storeCredentials();
    const client = fakeClient();
    client.createQrCode.mockRejectedValueOnce(new AppFailure({ code: 'wechat_daily_quota', errcode: 45009 }));
    expect((await rejection(createBackgroundHandlers(client, () => NOW).createQrCode(temporary))).code).toBe('wechat_daily_quota');
    expect(await recentCodes(10)).toEqual([]);
  });
});
