import { fail } from '@/utils/messaging/app-error';
import { tokenServerUrlProblem } from './token-server';
import { API_BASE } from '@/utils/wechat/http';

/**
 * An API base override: a relay with a fixed IP that forwards to api.weixin.qq.com, the usual way
 * around the IP whitelist when the operator's own IP changes. Same rules as a token server (https,
 * or http on this computer; no user:password@); a path prefix is allowed, a query or hash is not.
 * Normalised without a trailing slash, so `${base}/cgi-bin/…` is always right. The transport tells
 * the relay from WeChat by this base's origin (utils/wechat/http.ts answererOf), so the relay's
 * timeouts, statuses and unreadable answers name it (relay_*) instead of blaming WeChat.
 */
export function normaliseApiBase(input: string | undefined): string | undefined {
  const trimmed = input?.trim() ?? '';
  if (trimmed === '') return undefined;
  const problem = tokenServerUrlProblem(trimmed);
  if (problem) fail({ code: 'api_base_invalid', field: 'apiBase' });
  const url = new URL(trimmed);
  if (url.search !== '' || url.hash !== '') fail({ code: 'api_base_invalid', field: 'apiBase' });
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The base an account's calls go to. */
export function apiBaseOf(account: { apiBase?: string }): string {
  return account.apiBase ?? API_BASE;
}
