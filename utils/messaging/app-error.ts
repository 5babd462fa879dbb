/**
 * Errors are values that cross the message boundary as plain data. Pages turn them into words
 * with `describeError` (utils/messaging/error-text.ts); nothing here holds prose, so one error reads the
 * same in every place and in both languages.
 *
 * Who failed is part of the code, not a field beside it: WeChat (wechat_*, timeout, network,
 * http_status, bad_response), the central token server (token_server_*), the API relay (relay_*), the
 * operator's own push server (push_*), sync's WebDAV server (webdav_*). A timeout from WeChat and one from the token server need
 * different words and a different next step, and only the second stops a whole batch
 * (stops-every-row.ts), so each is its own code: this union stays the one list of what can go wrong,
 * and every entry has its words in both locale files. The server's origin travels in params ($1).
 */
export type ErrorCode =
  // input, caught before any request
  | 'scene_id_not_integer'
  | 'scene_id_range'
  | 'scene_str_empty'
  | 'scene_str_too_long'
  | 'expire_not_integer'
  | 'expire_range'
  | 'action_name_invalid'
  | 'app_id_invalid'
  | 'app_secret_invalid'
  | 'credentials_missing'
  // WeChat said no (errcode in details)
  | 'wechat_busy'
  | 'wechat_secret_or_token'
  | 'wechat_app_id'
  | 'wechat_token_rejected'
  | 'wechat_secret'
  | 'wechat_ip_whitelist'
  | 'wechat_scene_rejected'
  | 'wechat_arguments'
  | 'wechat_daily_quota'
  | 'wechat_permanent_quota'
  | 'wechat_unauthorized'
  | 'wechat_risky_ip_confirm'
  | 'wechat_risky_ip_pending'
  | 'wechat_risky_ip_refused'
  | 'wechat_our_bug'
  | 'wechat_unknown'
  // the diagnostics API (contract §8)
  | 'wechat_quota_reset_limit'
  | 'wechat_rid_unknown'
  | 'wechat_quota_unavailable'
  | 'quota_reset_needs_secret'
  // transport to WeChat itself (api.weixin.qq.com, mp.weixin.qq.com), network being this computer's connection
  | 'timeout'
  | 'network'
  | 'http_status'
  | 'bad_response'
  // the account's central token server (params: its origin first), and WeChat's errcodes it passes on
  | 'token_server_timeout'
  | 'token_server_network'
  | 'token_server_redirect'
  | 'token_server_unauthorized'
  | 'token_server_http_status'
  | 'token_server_bad_response'
  | 'token_server_ip_whitelist'
  | 'token_server_ip_confirm'
  | 'token_server_wechat_error'
  // the account's API relay (params: its origin first), and WeChat's 40164 / 61004 through it (the relay's IP)
  | 'relay_timeout'
  | 'relay_network'
  | 'relay_redirect'
  | 'relay_http_status'
  | 'relay_bad_response'
  | 'relay_ip_whitelist'
  | 'storage'
  | 'forbidden_sender'
  // history
  | 'record_missing'
  /** showqrcode answered 404: the ticket expired or WeChat does not know it. */
  | 'wechat_image_gone'
  | 'renew_permanent'
  /** "Renew selected" (utils/batch/renewal.ts): nothing selected is in history, too many, permanent codes (params: how many), several accounts (params: how many). */
  | 'renew_selection_empty'
  | 'renew_selection_too_many'
  | 'renew_selection_permanent'
  | 'renew_selection_accounts'
  // accounts, token sources and the passphrase lock
  | 'account_missing'
  | 'account_app_id_taken'
  | 'account_name_empty'
  | 'secret_locked'
  | 'secret_wrong_passphrase'
  | 'secret_lock_unreadable'
  | 'secret_passphrase_empty'
  | 'secret_passphrase_mismatch'
  | 'token_server_url_invalid'
  | 'token_server_url_insecure'
  | 'token_server_header_invalid'
  | 'token_server_permission_missing'
  | 'token_pasted_invalid'
  | 'token_pasted_missing'
  | 'api_base_invalid'
  | 'api_base_permission_missing'
  // batches
  | 'batch_missing'
  | 'batch_account_changed'
  | 'batch_nothing_to_create'
  | 'batch_quota_planned'
  // test pushes to the account's server
  | 'push_invalid_url'
  | 'push_not_configured'
  | 'push_permission_missing'
  | 'push_timeout'
  | 'push_network'
  // sync's WebDAV server (params: its origin first, then the HTTP status, webdav_busy the wait it asked, in s, instead)
  | 'webdav_url_invalid'
  | 'webdav_url_insecure'
  | 'webdav_root_invalid'
  | 'webdav_permission_missing'
  | 'webdav_not_configured'
  | 'webdav_unauthorized'
  | 'webdav_forbidden'
  | 'webdav_not_found'
  | 'webdav_method_not_allowed'
  | 'webdav_conflict'
  | 'webdav_locked'
  | 'webdav_space_full'
  | 'webdav_busy'
  | 'webdav_redirect'
  | 'webdav_http_status'
  | 'webdav_timeout'
  | 'webdav_network'
  | 'webdav_tls'
  | 'webdav_bad_response'
  // follower tags (contract §9, utils/wechat/tags-api.ts, utils/tagging/): input first, then WeChat errcodes in tag words
  | 'tag_name_empty'
  | 'tag_name_too_long'
  | 'tag_name_taken'
  | 'tag_too_many'
  | 'tag_system'
  | 'tag_missing'
  | 'tag_follower_cap'
  | 'tag_follower_gone'
  | 'tag_follower_foreign'
  | 'tag_daily_quota'
  | 'tag_unauthorized'
  | 'tag_rule_invalid'
  | 'tag_rule_matches_nothing'
  | 'tagging_missing'
  | 'tagging_undo_unavailable'
  // the sync engine (utils/sync): the account's folder on the WebDAV server, refused before anything is written
  | 'sync_passphrase_needed'
  | 'sync_passphrase_wrong'
  | 'sync_folder_not_encrypted'
  | 'sync_file_unreadable'
  | 'sync_format_newer'
  | 'internal';

export interface AppError {
  code: ErrorCode;
  /** The form field the error belongs to, for inline display. */
  field?: string;
  /** Substitutions for the message, in order ($1, $2 … in the locale files). */
  params?: string[];
  /** WeChat's errcode, errmsg and request id: support asks for the rid. */
  errcode?: number;
  errmsg?: string;
  rid?: string;
  /** HTTP status, for http_status, token_server_http_status / _unauthorized and relay_http_status. */
  status?: number;
}

/** Thrown inside the background and the client; caught at the message boundary and sent as data. */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.code);
    this.name = 'AppFailure';
  }
}

export function fail(error: AppError): never {
  throw new AppFailure(error);
}

export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppFailure) return thrown.error;
  if (thrown instanceof DOMException && thrown.name === 'QuotaExceededError') return { code: 'storage' };
  return { code: 'internal', params: [thrown instanceof Error ? thrown.message : String(thrown)] };
}
