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
  61004: 'wechat_ip_whitelist',
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
  48006: 'wechat_quota_reset_limit',
  76001: 'wechat_rid_unknown',
  76003: 'wechat_our_bug',
  76021: 'wechat_our_bug',
  76022: 'wechat_quota_unavailable',
  89501: 'wechat_risky_ip_pending',
  89503: 'wechat_risky_ip_confirm',
  89506: 'wechat_risky_ip_refused',
  89507: 'wechat_risky_ip_refused',
};

/**
 * The same errcodes from the tag calls (contract §9), in words about tags: 45009 and 48001 mean
 * something else there than for qrcode/create (the tag calls' quota; the 用户管理 permission), and
 * 40003 / 45059 / 49003 are about one follower in the call, which the tagging run skips and counts.
 */
const TAG_ERRCODE_TO_CODE: Record<number, ErrorCode> = {
  45056: 'tag_too_many',
  45157: 'tag_name_taken',
  45158: 'tag_name_too_long',
  45058: 'tag_system',
  45159: 'tag_missing',
  45059: 'tag_follower_cap',
  40003: 'tag_follower_gone',
  49003: 'tag_follower_foreign',
  40032: 'wechat_our_bug',
  45009: 'tag_daily_quota',
  48001: 'tag_unauthorized',
};

/** A failed tag call's error in tag words (errcode, errmsg and rid kept); errors of other errcodes, or none, as they are. */
export function asTagError(error: AppError): AppError {
  const code = error.errcode === undefined || !error.code.startsWith('wechat_') ? undefined : TAG_ERRCODE_TO_CODE[error.errcode];
  if (!code) return error;
  const { params: _generic, ...rest } = error;
  return { ...rest, code };
}

/** Codes that mean "this access token is no good": drop it, fetch once, retry once. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
export const BUSY_ERRCODE = -1;

/** "The caller's IP is not on the whitelist": 40164 (invalid ip) and 61004 (access clientip is not registered). */
const IP_NOT_WHITELISTED: ReadonlySet<number> = new Set([40164, 61004]);
/** "An admin must confirm the caller's IP in WeChat": 89503 (confirmation asked) and 89501 (still waiting for it). */
const IP_AWAITING_CONFIRMATION: ReadonlySet<number> = new Set([89501, 89503]);

/**
 * Who answered a call. WeChat itself; the account's relay, which forwards to WeChat from its own
 * IP; or the account's central token server, which asks WeChat with its own AppSecret and IP.
 */
export type Answerer = { kind: 'wechat' } | { kind: 'relay' | 'token_server'; origin: string };

export function extractRid(errmsg: string): string | undefined {
  return /rid:\s*([\w-]+)/.exec(errmsg)?.[1];
}

/**
 * The IP WeChat saw, from errmsg: 40164 says "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in
 * whitelist", 61004 says "access clientip is not registered requestIP: 1.2.3.4".
 */
export function extractCallerIp(errmsg: string): string | undefined {
  return /(?:invalid ip|requestIP:)\s*([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
}

/**
 * The error for a WeChat errcode, as the answerer makes it true: a whitelist refusal passed on by
 * the token server is about the token server's IP (not the operator's), and one through the relay
 * about the relay's IP. -1 stays wechat_busy from anyone, so the client still retries it.
 */
export function wechatError(errcode: number, errmsg: string, answerer: Answerer = { kind: 'wechat' }): AppError {
  const code = codeFor(errcode, answerer);
  const error: AppError = { code, errcode, errmsg: stripRid(errmsg), rid: extractRid(errmsg) };
  const origin = answerer.kind === 'wechat' ? [] : [answerer.origin];
  const ip = extractCallerIp(errmsg) ?? '?';
  if (code === 'wechat_ip_whitelist') error.params = [ip];
  if (code === 'token_server_ip_whitelist' || code === 'relay_ip_whitelist') error.params = [...origin, ip];
  if (code === 'token_server_ip_confirm') error.params = origin;
  if (code === 'token_server_wechat_error') error.params = [...origin, String(errcode)];
  if (code === 'wechat_unknown') error.params = [String(errcode)];
  return error;
}

function codeFor(errcode: number, answerer: Answerer): ErrorCode {
  if (answerer.kind === 'token_server' && errcode !== BUSY_ERRCODE) {
    if (IP_NOT_WHITELISTED.has(errcode)) return 'token_server_ip_whitelist';
    if (IP_AWAITING_CONFIRMATION.has(errcode)) return 'token_server_ip_confirm';
    // The token server's AppID, AppSecret, quota or IP: nothing the operator can fix in the extension.
    return 'token_server_wechat_error';
  }
  if (answerer.kind === 'relay' && IP_NOT_WHITELISTED.has(errcode)) return 'relay_ip_whitelist';
  return ERRCODE_TO_CODE[errcode] ?? 'wechat_unknown';
}

function stripRid(errmsg: string): string {
  return errmsg.replace(/\s*rid:\s*[\w-]+/, '').trim();
}

/** What went wrong before WeChat's (or the server's) JSON could be read. */
export type TransportFault =
  { kind: 'timeout'; seconds: number } | { kind: 'network' } | { kind: 'redirect' } | { kind: 'status'; status: number } | { kind: 'unreadable' };

type FaultKind = TransportFault['kind'];

/**
 * Each fault's code per answerer. A redirect from WeChat (which never sends one) is an answer we
 * cannot read; a 401 / 403 from the token server means its header is wrong, worth its own words.
 */
const FAULT_CODES: Record<Answerer['kind'], Record<FaultKind, ErrorCode>> = {
  wechat: { timeout: 'timeout', network: 'network', redirect: 'bad_response', status: 'http_status', unreadable: 'bad_response' },
  relay: {
    timeout: 'relay_timeout',
    network: 'relay_network',
    redirect: 'relay_redirect',
    status: 'relay_http_status',
    unreadable: 'relay_bad_response',
  },
  token_server: {
    timeout: 'token_server_timeout',
    network: 'token_server_network',
    redirect: 'token_server_redirect',
    status: 'token_server_http_status',
    unreadable: 'token_server_bad_response',
  },
};

/** The error for a transport fault, naming the server (its origin, $1) unless it was WeChat. */
export function transportError(fault: TransportFault, answerer: Answerer): AppError {
  const unauthorized = answerer.kind === 'token_server' && fault.kind === 'status' && (fault.status === 401 || fault.status === 403);
  const code = unauthorized ? 'token_server_unauthorized' : FAULT_CODES[answerer.kind][fault.kind];
  const params = answerer.kind === 'wechat' ? [] : [answerer.origin];
  if (fault.kind === 'timeout') params.push(String(fault.seconds));
  if (fault.kind === 'status') params.push(String(fault.status));
  const error: AppError = { code };
  if (params.length > 0) error.params = params;
  if (fault.kind === 'status') error.status = fault.status;
  return error;
}
