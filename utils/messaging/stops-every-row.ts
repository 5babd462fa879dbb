import type { AppError, ErrorCode } from './app-error';

/**
 * Errors that would fail every remaining row of a background job the same way (a batch, a report
 * refresh, and every job to come): the job pauses with the reason (the row goes back in the queue)
 * instead of burning through the list. The operator fixes the cause (waits for the quota reset or
 * for WeChat or the relay to recover, whitelists the IP, unlocks, grants a permission, reconnects)
 * and presses Resume. A row WeChat refuses for its own reason (a scene it rejects, say) still fails
 * alone. A token server or relay that is down, slow, misconfigured or refused by WeChat fails every
 * row alike. One code a line, so additions from several branches merge cleanly.
 */
const STOPS_EVERY_ROW: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'wechat_daily_quota',
  'wechat_permanent_quota',
  'wechat_ip_whitelist',
  'wechat_secret',
  'wechat_secret_or_token',
  'wechat_app_id',
  'wechat_unauthorized',
  'wechat_risky_ip_confirm',
  'wechat_risky_ip_refused',
  'wechat_risky_ip_pending',
  'token_server_timeout',
  'token_server_network',
  'token_server_redirect',
  'token_server_unauthorized',
  'token_server_http_status',
  'token_server_bad_response',
  'token_server_ip_whitelist',
  'token_server_ip_confirm',
  'token_server_wechat_error',
  'relay_timeout',
  'relay_network',
  'relay_redirect',
  'relay_http_status',
  'relay_bad_response',
  'relay_ip_whitelist',
  'credentials_missing',
  'account_missing',
  'batch_account_changed',
  'network',
  'timeout',
  'storage',
  // The passphrase lock closed (a browser restart, "lock now"): nothing can be signed until it is unlocked.
  'secret_locked',
  // The token source or the relay cannot be reached as set up: every call needs a token and goes through the relay.
  'token_server_permission_missing',
  'token_server_url_invalid',
  'token_server_url_insecure',
  'token_server_header_invalid',
  'token_pasted_missing',
  'api_base_permission_missing',
  'api_base_invalid',
  // Tags (contract §9): the tag calls' quota, the 用户管理 permission, and a tag deleted meanwhile fail every call of a tagging run.
  'tag_daily_quota',
  'tag_unauthorized',
  'tag_missing',
]);

/** HTTP statuses from this one up are the server's (WeChat's or the relay's) trouble, not the row's. */
const SERVER_ERROR_STATUS = 500;

export function stopsEveryRow(error: AppError): boolean {
  if (error.code === 'http_status') return (error.status ?? 0) >= SERVER_ERROR_STATUS;
  return STOPS_EVERY_ROW.has(error.code);
}
