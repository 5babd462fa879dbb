import { fail } from '@/utils/messaging/app-error';
import { wechatError } from './errors';

export const REQUEST_TIMEOUT_MS = 15_000;

export const API_BASE = 'https://api.weixin.qq.com';
export const MP_BASE = 'https://mp.weixin.qq.com';

/** WeChat answers errors as HTTP 200 with {errcode, errmsg}; success has no errcode or errcode 0. */
export interface WechatErrorShape {
  errcode?: number;
  errmsg?: string;
}

/**
 * One JSON call to WeChat with a timeout. Resolves with the parsed body on success and throws an
 * AppFailure for WeChat errors, timeouts, network faults, non-2xx answers and bodies that are not JSON.
 * The URL may carry an access token, so it never goes into an error.
 */
export async function wechatJson<T extends object>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (thrown) {
    const name = (thrown as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') fail({ code: 'timeout', params: [String(REQUEST_TIMEOUT_MS / 1000)] });
    return fail({ code: 'network' });
  }
  if (!response.ok) fail({ code: 'http_status', status: response.status, params: [String(response.status)] });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return fail({ code: 'bad_response' });
  }
  if (typeof body !== 'object' || body === null) fail({ code: 'bad_response' });
  const { errcode, errmsg } = body as WechatErrorShape;
  if (typeof errcode === 'number' && errcode !== 0) fail(wechatError(errcode, String(errmsg ?? '')));
  return body as T;
}

export function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** The image of a ticket. Tickets hold +, / and =: encoded exactly once, or WeChat answers 404. */
export function showQrCodeUrl(ticket: string): string {
  return `${MP_BASE}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}
