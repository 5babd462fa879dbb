import { vi } from 'vitest';
import type { AccountClient, QrCreateResponse, TokenSource, WechatClient } from '../../utils/wechat/client';

type CallName = keyof AccountClient;

/**
 * A WeChat client for handler tests. Every account's calls go to one set of mocks (answers set with
 * `api`, or later with mockImplementation), and `used` records, in order, which call was made through
 * which account's TokenSource: the AppID whose token would have made it.
 */
export function fakeWechatClient(api: Partial<AccountClient> = {}) {
  let created = 0;
  // A ticket of its own per code, as WeChat gives (history keeps one record per ticket).
  const newCode = async (): Promise<QrCreateResponse> => ({
    ticket: `gQH+/${++created}=`,
    url: `http://weixin.qq.com/q/fake-${created}`,
    expireSeconds: 604800,
  });
  const mocks = {
    testConnection: vi.fn(api.testConnection ?? (async () => {})),
    createQrCode: vi.fn(api.createQrCode ?? newCode),
    followerList: vi.fn(api.followerList ?? (async () => ({ total: 0, count: 0, next_openid: '' }))),
    followerDetails: vi.fn(api.followerDetails ?? (async (): Promise<unknown[]> => [])),
    apiQuota: vi.fn(api.apiQuota ?? (async () => ({ dailyLimit: 100_000, used: 0, remain: 100_000 }))),
    ridRequest: vi.fn(api.ridRequest ?? (async () => ({ invokeTime: 0, costInMs: 0, requestUrl: '', requestBody: '', responseBody: '', clientIp: '' }))),
    tags: vi.fn(api.tags ?? (async () => [{ id: 2, name: '星标组', count: 0 }])),
    createTag: vi.fn(api.createTag ?? (async (name: string) => ({ id: 100, name, count: 0 }))),
    renameTag: vi.fn(api.renameTag ?? (async (_id: number, _name: string) => {})),
    batchTag: vi.fn(api.batchTag ?? (async (_tagId: number, _openids: readonly string[]) => {})),
    batchUntag: vi.fn(api.batchUntag ?? (async (_tagId: number, _openids: readonly string[]) => {})),
  };
  const used: { appId: string; call: CallName }[] = [];
  const through = (source: TokenSource): AccountClient => {
    const record =
      <A extends unknown[], R>(call: CallName, mock: (...args: A) => R) =>
      (...args: A): R => {
        used.push({ appId: source.appId, call });
        return mock(...args);
      };
    return {
      testConnection: record('testConnection', mocks.testConnection),
      createQrCode: record('createQrCode', mocks.createQrCode),
      followerList: record('followerList', mocks.followerList),
      followerDetails: record('followerDetails', mocks.followerDetails),
      apiQuota: record('apiQuota', mocks.apiQuota),
      ridRequest: record('ridRequest', mocks.ridRequest),
      tags: record('tags', mocks.tags),
      createTag: record('createTag', mocks.createTag),
      renameTag: record('renameTag', mocks.renameTag),
      batchTag: record('batchTag', mocks.batchTag),
      batchUntag: record('batchUntag', mocks.batchUntag),
    };
  };
  const client = {
    for: vi.fn(through),
    forgetToken: vi.fn(async (_appId: string) => {}),
  } satisfies WechatClient;
  return {
    ...mocks,
    ...client,
    used,
    /** The AppIDs the calls named `call` were made with, in order. */
    appIdsOf: (call: CallName) => used.filter((one) => one.call === call).map((one) => one.appId),
  };
}
