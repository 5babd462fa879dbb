/**
 * The check-up's (体检) lines as verdicts: ✓, or what is wrong and where in 公众平台 to fix it.
 * Pure: the runner makes the calls and hands their outcomes here, so every verdict is unit-tested
 * without a network. Pages turn `problem` and `fixAt` into words (locale keys checkup_problem_*,
 * checkup_fix_*); `params` fill their $1, $2.
 */
import type { AppError } from '@/utils/messaging/app-error';
import type { ApiQuota } from '@/utils/wechat/openapi-api';

export type CheckProblem =
  | 'app_id'
  | 'app_secret'
  | 'ip_whitelist'
  | 'admin_confirm'
  | 'admin_refused'
  | 'token_server_down'
  | 'relay_down'
  | 'wechat_down'
  | 'not_verified_service'
  | 'no_follower_permission'
  | 'quota_spent'
  | 'quota_low'
  | 'permanent_spent'
  | 'permanent_low'
  | 'other';

/** Where the fix is: a place in 公众平台 (mp.weixin.qq.com), the token server's or relay's admin, or later. */
export type FixAt =
  | 'basic_config_appid'
  | 'basic_config_secret'
  | 'basic_config_whitelist'
  | 'admin_wechat'
  | 'verify_service'
  | 'interface_permissions'
  | 'quota_reset'
  | 'temporary_codes'
  | 'server_admin'
  | 'account_settings'
  | 'try_later';

export type Verdict = { ok: true; params?: string[] } | { ok: false; problem: CheckProblem; fixAt: FixAt; params?: string[]; error?: AppError };

const OK: Verdict = { ok: true };
/** §1: an account's permanent codes for its whole life; they are never deleted. */
export const PERMANENT_CODE_LIMIT = 100_000;
/** Under this share of the day's calls left, the line warns before a large job finds out. */
const LOW_QUOTA_SHARE = 0.1;

const bad = (problem: CheckProblem, fixAt: FixAt, error?: AppError, params?: string[]): Verdict => ({ ok: false, problem, fixAt, error, params });

/** The token fetch: which of AppID, AppSecret, whitelist (with the IP WeChat saw), admin, token server or relay failed. */
export function tokenVerdict(error: AppError | undefined): Verdict {
  if (!error) return OK;
  const { code } = error;
  // Nothing reached a server: the lock is closed, a permission or the account's settings are missing. The error says what to click.
  if (
    code === 'secret_locked' ||
    code === 'credentials_missing' ||
    code.endsWith('_permission_missing') ||
    code.startsWith('token_pasted_') ||
    code.endsWith('_url_invalid')
  )
    return bad('other', 'account_settings', error);
  if (code === 'wechat_app_id') return bad('app_id', 'basic_config_appid', error);
  if (code === 'wechat_secret' || code === 'wechat_secret_or_token') return bad('app_secret', 'basic_config_secret', error);
  if (code === 'wechat_ip_whitelist' || code === 'token_server_ip_whitelist' || code === 'relay_ip_whitelist') {
    return bad('ip_whitelist', 'basic_config_whitelist', error, [error.params?.at(-1) ?? '?']);
  }
  if (code === 'wechat_risky_ip_confirm' || code === 'wechat_risky_ip_pending' || code === 'token_server_ip_confirm')
    return bad('admin_confirm', 'admin_wechat', error);
  if (code === 'wechat_risky_ip_refused') return bad('admin_refused', 'admin_wechat', error);
  if (code.startsWith('token_server_')) return bad('token_server_down', 'server_admin', error, error.params?.slice(0, 1));
  if (code.startsWith('relay_')) return bad('relay_down', 'server_admin', error, error.params?.slice(0, 1));
  if (code === 'timeout' || code === 'network' || code === 'http_status' || code === 'bad_response' || code === 'wechat_busy')
    return bad('wechat_down', 'try_later', error);
  return bad('other', 'try_later', error);
}

/**
 * May the account create parametric codes? Probed with one temporary code (60 s, a scene of its own):
 * 48001 means it is not a verified service account (认证服务号).
 */
export function createPermissionVerdict(error: AppError | undefined): Verdict {
  if (!error) return OK;
  if (error.errcode === 48001) return bad('not_verified_service', 'verify_service', error);
  return error.errcode === 45009 ? bad('quota_spent', 'quota_reset', error) : bad('other', 'try_later', error);
}

/** May it read followers (用户管理)? Probed with one user/get call; 48001 means the permission is missing. */
export function followerPermissionVerdict(error: AppError | undefined): Verdict {
  if (!error) return OK;
  if (error.errcode === 48001) return bad('no_follower_permission', 'interface_permissions', error);
  return error.errcode === 45009 ? bad('quota_spent', 'quota_reset', error) : bad('other', 'try_later', error);
}

/** Today's quota of one API: remain of daily_limit; spent, or under a tenth left, is a problem. */
export function quotaVerdict(quota: ApiQuota | AppError): Verdict {
  if ('code' in quota) return bad('other', 'try_later', quota);
  const params = [String(quota.remain), String(quota.dailyLimit)];
  if (quota.remain <= 0) return bad('quota_spent', 'quota_reset', undefined, params);
  if (quota.remain < quota.dailyLimit * LOW_QUOTA_SHARE) return bad('quota_low', 'quota_reset', undefined, params);
  return { ok: true, params };
}

/** The account's permanent codes in history against the 100,000 of its life. */
export function permanentVerdict(permanentInHistory: number): Verdict {
  const params = [String(permanentInHistory), String(PERMANENT_CODE_LIMIT)];
  if (permanentInHistory >= PERMANENT_CODE_LIMIT) return bad('permanent_spent', 'temporary_codes', undefined, params);
  if (permanentInHistory >= PERMANENT_CODE_LIMIT * 0.9) return bad('permanent_low', 'temporary_codes', undefined, params);
  return { ok: true, params };
}
