import type { AppError, ErrorCode } from '@/utils/messaging/app-error';

/** WeChat errcodes (contract §4) and the operator-facing error each becomes. */
const ERRCODE_TO_CODE: Record<number, ErrorCode> = {
  [-1]: 'wechat_busy',
  40001: 'wechat_secret_or_token',
  40002: 'wechat_our_bug',
  40013: 'wechat_app_id',
  40014: 'wechat_token_rejected',
  40125: 'wechat_secret',
  40164: 'wechat_ip_whitelist',
  41001: 'wechat_our_bug',
  42001: 'wechat_token_rejected',
  43002: 'wechat_our_bug',
  44002: 'wechat_our_bug',
  47001: 'wechat_our_bug',
  40052: 'wechat_our_bug',
  40053: 'wechat_scene_rejected',
  40097: 'wechat_arguments',
  45009: 'wechat_daily_quota',
  45029: 'wechat_permanent_quota',
  48001: 'wechat_unauthorized',
  89503: 'wechat_risky_ip_confirm',
  89506: 'wechat_risky_ip_refused',
  89507: 'wechat_risky_ip_refused',
};

/** Codes that mean "this access token is no good": drop it, fetch once, retry once. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
export const BUSY_ERRCODE = -1;

export function extractRid(errmsg: string): string | undefined {
  return /rid:\s*([\w-]+)/.exec(errmsg)?.[1];
}

/** 40164's errmsg names the IP WeChat saw: "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist". */
export function extractCallerIp(errmsg: string): string | undefined {
  return /invalid ip ([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
}

export function wechatError(errcode: number, errmsg: string): AppError {
  const code = ERRCODE_TO_CODE[errcode] ?? 'wechat_unknown';
  const error: AppError = { code, errcode, errmsg: stripRid(errmsg), rid: extractRid(errmsg) };
  if (code === 'wechat_ip_whitelist') error.params = [extractCallerIp(errmsg) ?? '?'];
  if (code === 'wechat_unknown') error.params = [String(errcode)];
  return error;
}

function stripRid(errmsg: string): string {
  return errmsg.replace(/\s*rid:\s*[\w-]+/, '').trim();
}
