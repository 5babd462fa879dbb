import { afterEach, describe, expect, it } from 'vitest';
import { fakeWechatClient } from '@/test/unit/fake-wechat';
import { rejection } from '@/test/unit/helpers';
import { accountsItem, currentAccountIdItem } from '@/utils/storage/items';
import { TAGGING_DB_NAME, closeTaggingDb } from '@/utils/storage/tagging-db';
import { createBackgroundTagger, taggingHandlers } from './handlers';
import { deleteDatabase } from '@/test/unit/helpers';

const SECRET = 'abcdef0123456789abcdef0123456789';
const A = { id: 'a', name: 'A', appId: 'wx0123456789abcdef', tokenSource: 'stable' as const, appSecret: SECRET };
const B = { id: 'b', name: 'B', appId: 'wxfedcba9876543210', tokenSource: 'stable' as const, appSecret: SECRET };

afterEach(async () => {
  await closeTaggingDb();
  await deleteDatabase(TAGGING_DB_NAME);
});

function client() {
  return fakeWechatClient({
    followerList: async (next) =>
      next === '' ? { total: 2, count: 2, data: { openid: ['o1', 'o2'] }, next_openid: 'o2' } : { total: 2, count: 0, next_openid: '' },
    followerDetails: async (ids) => ids.map((openid) => ({ subscribe: 1, openid, qr_scene_str: 'store-1', tagid_list: [] })),
    batchTag: async () => {},
  });
}

describe('tagging messages', () => {
  it('a run keeps the account it started in: switching the current account moves none of its calls', async () => {
    await accountsItem.setValue([A, B]);
    await currentAccountIdItem.setValue('a');
    const wechat = client();
    const runner = createBackgroundTagger(wechat);
    const handlers = taggingHandlers(wechat, runner);
    const started = await handlers.startTagging({ accountId: 'a', rule: { kind: 'scenes', keys: ['str:store-1'] }, tag: { id: 120, name: '门店' } });
    await currentAccountIdItem.setValue('b');
    await runner.settled(started.id);
    await handlers.confirmTagging({ runId: started.id });
    await runner.settled(started.id);
    expect((await handlers.taggingStatus({ accountId: 'a' }))?.phase).toBe('done');
    expect(new Set(wechat.used.map((call) => call.appId))).toEqual(new Set([A.appId]));
    expect(await handlers.taggingStatus({ accountId: 'b' })).toBeNull();
  });

  it('WeChat’s own tags 0/1/2 are refused before any call, and a rule matching nothing too', async () => {
    await accountsItem.setValue([A]);
    await currentAccountIdItem.setValue('a');
    const wechat = client();
    const handlers = taggingHandlers(wechat, createBackgroundTagger(wechat));
    expect((await rejection(handlers.startTagging({ rule: { kind: 'scenes', keys: ['str:x'] }, tag: { id: 2, name: '星标组' } }))).code).toBe('tag_system');
    expect((await rejection(handlers.startTagging({ rule: { kind: 'scenePrefix', prefix: 'none-' }, tag: { id: 120, name: '门店' } }))).code).toBe(
      'tag_rule_matches_nothing',
    );
    expect(wechat.used).toEqual([]);
  });

  it('a rule named is saved as the account’s channel group with its tag', async () => {
    await accountsItem.setValue([A]);
    await currentAccountIdItem.setValue('a');
    const wechat = client();
    const handlers = taggingHandlers(wechat, createBackgroundTagger(wechat));
    await handlers.startTagging({ rule: { kind: 'scenes', keys: ['str:store-1'] }, tag: { id: 120, name: '门店' }, groupName: ' 全部门店 ' });
    expect(await handlers.channelGroups({})).toMatchObject([{ name: '全部门店', appId: A.appId, tagId: 120, rule: { kind: 'scenes' } }]);
  });
});
