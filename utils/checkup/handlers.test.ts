import { describe, expect, it } from 'vitest';
import { fakeWechatClient } from '@/test/unit/fake-wechat';
import { rejection } from '@/test/unit/helpers';
import { AppFailure } from '@/utils/messaging/app-error';
import { accountsItem, checkupsItem, currentAccountIdItem, tokenItem } from '@/utils/storage/items';
import { checkupHandlers } from './handlers';

const SECRET = 'abcdef0123456789abcdef0123456789';
const A = { id: 'a', name: 'A', appId: 'wx0123456789abcdef', tokenSource: 'stable' as const, appSecret: SECRET };
const B = { id: 'b', name: 'B', appId: 'wxfedcba9876543210', tokenSource: 'classic' as const, appSecret: SECRET.split('').reverse().join('') };

async function withAccounts() {
  await accountsItem.setValue([A, B]);
  await currentAccountIdItem.setValue('a');
}

describe('check-up messages', () => {
  it('runs on the account named, not the current one, and keeps its last result for that account only', async () => {
    await withAccounts();
    const client = fakeWechatClient();
    const handlers = checkupHandlers(client, () => 5);
    const result = await handlers.runCheckup({ accountId: 'b' });
    expect(result).toMatchObject({ accountId: 'b', appId: B.appId, at: 5 });
    expect(new Set(client.used.map((one) => one.appId))).toEqual(new Set([B.appId]));
    expect(await handlers.lastCheckup({ accountId: 'b' })).toEqual(result);
    expect(await handlers.lastCheckup({})).toBeNull();
    expect(JSON.stringify(await checkupsItem.getValue())).not.toContain(B.appSecret);
  });

  it('a fresh token for the check-up, except for the classic source (a new one cuts the account server’s short)', async () => {
    await withAccounts();
    const client = fakeWechatClient();
    const handlers = checkupHandlers(client, Date.now);
    await handlers.runCheckup({ accountId: 'a' });
    await handlers.runCheckup({ accountId: 'b' });
    expect(client.forgetToken.mock.calls).toEqual([[A.appId]]);
  });

  it('an account given a new AppID since has no last check-up', async () => {
    await withAccounts();
    const handlers = checkupHandlers(fakeWechatClient(), Date.now);
    await handlers.runCheckup({ accountId: 'a' });
    await accountsItem.setValue([{ ...A, appId: 'wx1111111111111111' }, B]);
    expect(await handlers.lastCheckup({ accountId: 'a' })).toBeNull();
  });

  it('quotaToday leaves out an API WeChat will not tell about', async () => {
    await withAccounts();
    const client = fakeWechatClient({
      apiQuota: async (path) => {
        if (path === '/cgi-bin/user/get') throw new AppFailure({ code: 'wechat_quota_unavailable', errcode: 76022 });
        return { dailyLimit: 10, used: 4, remain: 6 };
      },
    });
    expect(await checkupHandlers(client, Date.now).quotaToday({})).toEqual({
      accountId: 'a',
      remain: { '/cgi-bin/qrcode/create': 6, '/cgi-bin/user/info/batchget': 6 },
    });
  });

  it('lookupRid removes the stored AppSecret and the cached token even where nothing names them', async () => {
    await withAccounts();
    await tokenItem(A.appId).setValue({ accessToken: 'TOKEN-cached-1234567', usableUntil: Date.now() + 60_000 });
    const client = fakeWechatClient({
      ridRequest: async () => ({
        invokeTime: 1,
        costInMs: 2,
        requestUrl: 'https://api.weixin.qq.com/cgi-bin/x?access_token=TOKEN-cached-1234567',
        requestBody: `{"appid":"${A.appId}","secret":"${SECRET}"}`,
        responseBody: `echo TOKEN-cached-1234567 and ${SECRET}`,
        clientIp: '1.2.3.4',
      }),
    });
    const details = await checkupHandlers(client, Date.now).lookupRid({ rid: 'r-1' });
    const shown = JSON.stringify(details);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain('TOKEN-cached-1234567');
    expect(details.requestBody).toContain(A.appId);
  });

  it('the quota reset needs an AppSecret: a token-server account is told so before anything is sent', async () => {
    await accountsItem.setValue([{ id: 's', name: 'S', appId: A.appId, tokenSource: 'server', tokenServer: { url: 'https://tokens.example/t' } }]);
    await currentAccountIdItem.setValue('s');
    expect((await rejection(checkupHandlers(fakeWechatClient(), Date.now).resetQuota({}))).code).toBe('quota_reset_needs_secret');
  });
});
