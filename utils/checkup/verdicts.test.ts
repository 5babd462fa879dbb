import { describe, expect, it } from 'vitest';
import { wechatError, transportError } from '@/utils/wechat/errors';
import { createPermissionVerdict, followerPermissionVerdict, permanentVerdict, quotaVerdict, tokenVerdict } from './verdicts';

const problem = (v: ReturnType<typeof tokenVerdict>) => (v.ok ? 'ok' : `${v.problem}@${v.fixAt}`);

describe('token fetch verdicts', () => {
  it('a token is ✓', () => expect(tokenVerdict(undefined)).toEqual({ ok: true }));
  it('40013 is the AppID, 40125 and 40001 the AppSecret', () => {
    expect(problem(tokenVerdict(wechatError(40013, 'invalid appid')))).toBe('app_id@basic_config_appid');
    expect(problem(tokenVerdict(wechatError(40125, 'invalid appsecret')))).toBe('app_secret@basic_config_secret');
    expect(problem(tokenVerdict(wechatError(40001, 'invalid credential')))).toBe('app_secret@basic_config_secret');
  });
  it('61004 and 40164 are the whitelist, with the IP WeChat saw', () => {
    const v = tokenVerdict(wechatError(61004, 'access clientip is not registered requestIP: 203.0.113.7 rid: a-b'));
    expect(v).toMatchObject({ ok: false, problem: 'ip_whitelist', fixAt: 'basic_config_whitelist', params: ['203.0.113.7'] });
    expect(tokenVerdict(wechatError(40164, 'invalid ip 198.51.100.2 ipv6 ::ffff:198.51.100.2, not in whitelist'))).toMatchObject({ params: ['198.51.100.2'] });
  });
  it('89503 / 89501 wait for the admin, 89506 / 89507 were refused', () => {
    expect(problem(tokenVerdict(wechatError(89503, 'risky')))).toBe('admin_confirm@admin_wechat');
    expect(problem(tokenVerdict(wechatError(89501, 'pending')))).toBe('admin_confirm@admin_wechat');
    expect(problem(tokenVerdict(wechatError(89507, 'refused')))).toBe('admin_refused@admin_wechat');
  });
  it('the token server or the relay down names it, WeChat down says try later', () => {
    const server = { kind: 'token_server', origin: 'https://tokens.example' } as const;
    expect(tokenVerdict(transportError({ kind: 'timeout', seconds: 15 }, server))).toMatchObject({
      problem: 'token_server_down',
      params: ['https://tokens.example'],
    });
    expect(problem(tokenVerdict(transportError({ kind: 'network' }, { kind: 'relay', origin: 'https://relay.example' })))).toBe('relay_down@server_admin');
    expect(problem(tokenVerdict(transportError({ kind: 'timeout', seconds: 15 }, { kind: 'wechat' })))).toBe('wechat_down@try_later');
  });
});

describe('permission verdicts', () => {
  it('48001 on create: only verified service accounts', () => {
    expect(createPermissionVerdict(undefined).ok).toBe(true);
    expect(problem(createPermissionVerdict(wechatError(48001, 'api unauthorized')))).toBe('not_verified_service@verify_service');
  });
  it('48001 on user/get: the 用户管理 permission is missing', () => {
    expect(followerPermissionVerdict(undefined).ok).toBe(true);
    expect(problem(followerPermissionVerdict(wechatError(48001, 'api unauthorized')))).toBe('no_follower_permission@interface_permissions');
    expect(problem(followerPermissionVerdict(wechatError(45009, 'quota')))).toBe('quota_spent@quota_reset');
  });
});

describe('quota and permanent-code verdicts', () => {
  it('remain of daily_limit: plenty ✓, under a tenth low, none spent', () => {
    expect(quotaVerdict({ dailyLimit: 100000, used: 10, remain: 99990 })).toEqual({ ok: true, params: ['99990', '100000'] });
    expect(problem(quotaVerdict({ dailyLimit: 100000, used: 95000, remain: 5000 }))).toBe('quota_low@quota_reset');
    expect(problem(quotaVerdict({ dailyLimit: 100000, used: 100000, remain: 0 }))).toBe('quota_spent@quota_reset');
  });
  it('permanent codes against 100,000', () => {
    expect(permanentVerdict(12).ok).toBe(true);
    expect(problem(permanentVerdict(95_000))).toBe('permanent_low@temporary_codes');
    expect(problem(permanentVerdict(100_000))).toBe('permanent_spent@temporary_codes');
  });
});

describe('token verdicts that never reached a server', () => {
  it('a closed lock or a missing permission is fixed in the account settings, not at the token server', () => {
    expect(problem(tokenVerdict({ code: 'secret_locked' }))).toBe('other@account_settings');
    expect(problem(tokenVerdict({ code: 'token_server_permission_missing' }))).toBe('other@account_settings');
    expect(problem(tokenVerdict({ code: 'api_base_permission_missing' }))).toBe('other@account_settings');
    expect(problem(tokenVerdict({ code: 'token_pasted_missing' }))).toBe('other@account_settings');
  });
});
