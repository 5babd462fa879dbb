import { describe, expect, it, vi } from 'vitest';
import { AppFailure } from '@/utils/messaging/app-error';
import type { AccountClient } from '@/utils/wechat/client';
import { wechatError } from '@/utils/wechat/errors';
import { QR_CREATE_PATH, USER_BATCHGET_PATH, USER_GET_PATH } from '@/utils/wechat/openapi-api';
import { problemLines } from './checkup-result';
import { PROBE_BODY, runCheckup } from './run-checkup';

const ACCOUNT = { id: 'a1', appId: 'wx1234567890abcdef' };

const notUsed = async (): Promise<never> => {
  throw new Error('not used');
};

function client(overrides: Partial<AccountClient> = {}): AccountClient {
  return {
    testConnection: vi.fn(async () => {}),
    createQrCode: vi.fn(async () => ({ ticket: 't', url: 'u', expireSeconds: 60 })),
    followerList: vi.fn(async () => ({ total: 0, count: 0, next_openid: '' })),
    followerDetails: vi.fn(async () => []),
    apiQuota: vi.fn(async () => ({ dailyLimit: 100_000, used: 10, remain: 99_990 })),
    ridRequest: notUsed,
    tags: notUsed,
    createTag: notUsed,
    renameTag: notUsed,
    batchTag: notUsed,
    batchUntag: notUsed,
    ...overrides,
  };
}

const deps = (c: AccountClient, permanent = 0) => ({ client: async () => c, permanentCodes: async () => permanent, now: () => 1_000 });

describe('runCheckup', () => {
  it('a healthy account: every line ✓, the quotas of all three paths, one 60 s probe code', async () => {
    const c = client();
    const result = await runCheckup(ACCOUNT, deps(c, 12));
    expect(problemLines(result)).toEqual([]);
    expect(result.lines.map((line) => line.path ?? line.check)).toEqual([
      'token',
      'create',
      'followers',
      QR_CREATE_PATH,
      USER_GET_PATH,
      USER_BATCHGET_PATH,
      'permanent',
    ]);
    expect(c.createQrCode).toHaveBeenCalledExactlyOnceWith(PROBE_BODY);
    expect(PROBE_BODY.expire_seconds).toBe(60);
    expect(result.lines.at(-1)?.verdict).toEqual({ ok: true, params: ['12', '100000'] });
    expect(result).toMatchObject({ accountId: 'a1', appId: ACCOUNT.appId, at: 1_000 });
  });

  it('no token: the whitelist line with the IP WeChat saw, and nothing else asked of WeChat', async () => {
    const c = client({
      testConnection: vi.fn(async () => {
        throw new AppFailure(wechatError(61004, 'access clientip is not registered requestIP: 203.0.113.9 rid: x-y'));
      }),
    });
    const result = await runCheckup(ACCOUNT, deps(c));
    expect(problemLines(result)).toEqual([{ check: 'token', verdict: expect.objectContaining({ problem: 'ip_whitelist', params: ['203.0.113.9'] }) }]);
    expect(result.lines.filter((line) => 'skipped' in line.verdict)).toHaveLength(5);
    expect(c.createQrCode).not.toHaveBeenCalled();
    expect(c.apiQuota).not.toHaveBeenCalled();
  });

  it('48001 on the probe and on user/get: not a verified service account, no 用户管理', async () => {
    const unauthorized = async () => {
      throw new AppFailure(wechatError(48001, 'api unauthorized rid: a-b'));
    };
    const result = await runCheckup(ACCOUNT, deps(client({ createQrCode: vi.fn(unauthorized), followerList: vi.fn(unauthorized) })));
    expect(problemLines(result).map((line) => 'problem' in line.verdict && line.verdict.problem)).toEqual(['not_verified_service', 'no_follower_permission']);
  });

  it('a quota WeChat will not tell is a line of its own; the other lines still run', async () => {
    const c = client({
      apiQuota: vi.fn(async (path: string) => {
        if (path === USER_GET_PATH) throw new AppFailure(wechatError(76022, 'could not query'));
        return { dailyLimit: 500, used: 480, remain: 20 };
      }),
    });
    const lines = problemLines(await runCheckup(ACCOUNT, deps(c)));
    expect(lines.map((line) => [line.path, 'problem' in line.verdict && line.verdict.problem])).toEqual([
      [QR_CREATE_PATH, 'quota_low'],
      [USER_GET_PATH, 'other'],
      [USER_BATCHGET_PATH, 'quota_low'],
    ]);
  });

  it('an account client that cannot be made (a relay not granted) fails the token line', async () => {
    const result = await runCheckup(ACCOUNT, {
      client: async () => {
        throw new AppFailure({ code: 'api_base_permission_missing' });
      },
      permanentCodes: async () => 0,
      now: () => 1,
    });
    expect(result.lines[0]?.verdict).toMatchObject({ ok: false, problem: 'other', fixAt: 'account_settings' });
  });
});
