import { type AppError, fail } from '@/utils/messaging/app-error';
import { type Answerer, type TransportFault, transportError, wechatError } from './errors';

export const REQUEST_TIMEOUT_MS = 15_000;

export const API_BASE = 'https://api.weixin.qq.com';
export const MP_BASE = 'https://mp.weixin.qq.com';
const WECHAT_ORIGINS: ReadonlySet<string> = new Set([API_BASE, MP_BASE]);

/** WeChat answers errors as HTTP 200 with {errcode, errmsg}; success has no errcode or errcode 0. */
export interface WechatErrorShape {
  errcode?: number;
  errmsg?: string;
}

/** For a call that is not to WeChat's API or a relay: the central token server says so. */
export interface CallOptions {
  answerer?: 'token_server';
}

/**
 * Who answers a URL, for the words of its errors: WeChat's two origins are WeChat; any other base
 * an API call goes to is the account's relay (utils/accounts/relay.ts), unless the caller declared
 * the token server. Only the origin is kept: the path and query may hold an access token.
 */
export function answererOf(url: string, declared?: CallOptions['answerer']): Answerer {
  const { origin } = new URL(url);
  if (declared === 'token_server') return { kind: 'token_server', origin };
  return WECHAT_ORIGINS.has(origin) ? { kind: 'wechat' } : { kind: 'relay', origin };
}

/** The error for a JSON answer that lacks what the caller needs (no ticket, no access_token), naming its answerer. */
export function unreadableAnswer(url: string, declared?: CallOptions['answerer']): AppError {
  return transportError({ kind: 'unreadable' }, answererOf(url, declared));
}

/**
 * One JSON call with a timeout. Resolves with the parsed body on success and throws an
 * AppFailure for WeChat errcodes, timeouts, network faults, redirects, non-2xx answers and bodies
 * that are not JSON, each in the words of whoever answered (answererOf). The URL may carry an
 * access token, so it never goes into an error; its origin does.
 */
export async function wechatJson<T extends object>(url: string, init: RequestInit = {}, options: CallOptions = {}): Promise<T> {
  const answerer = answererOf(url, options.answerer);
  const answer = await fetchText(url, init);
  if ('fault' in answer) return fail(transportError(answer.fault, answerer));
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return fail(transportError({ kind: 'unreadable' }, answerer));
  }
  if (typeof body !== 'object' || body === null) fail(transportError({ kind: 'unreadable' }, answerer));
  const { errcode, errmsg } = body as WechatErrorShape;
  if (typeof errcode === 'number' && errcode !== 0) fail(wechatError(errcode, String(errmsg ?? ''), answerer));
  return body as T;
}

type Answer = { text: string } | { fault: TransportFault };

const TIMEOUT_FAULT: TransportFault = { kind: 'timeout', seconds: REQUEST_TIMEOUT_MS / 1000 };

/**
 * The body of a 2xx answer, or the fault that kept us from it. The timeout covers the body too
 * (a server that sends headers and then stalls), and wins even over a fetch that ignores its signal.
 */
async function fetchText(url: string, init: RequestInit): Promise<Answer> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ fault: TIMEOUT_FAULT });
    }, REQUEST_TIMEOUT_MS);
  });
  try {
    // Redirects are not followed (WeChat sends none): a relay or token server that answers one is
    // misconfigured, and following it could carry the token or the server's header to another host.
    return await Promise.race([readAnswer(url, { redirect: 'manual', ...init, signal: controller.signal }), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function readAnswer(url: string, init: RequestInit): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (thrown) {
    return { fault: isTimeout(thrown) ? TIMEOUT_FAULT : { kind: 'network' } };
  }
  // A browser hides a redirect not followed as an "opaqueredirect" with status 0; other fetches show the 3xx.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) return { fault: { kind: 'redirect' } };
  if (!response.ok) return { fault: { kind: 'status', status: response.status } };
  try {
    return { text: await response.text() };
  } catch (thrown) {
    // The connection broke while the body was arriving.
    return { fault: isTimeout(thrown) ? TIMEOUT_FAULT : { kind: 'network' } };
  }
}

function isTimeout(thrown: unknown): boolean {
  const name = (thrown as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

export function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** The image of a ticket. Tickets hold +, / and =: encoded exactly once, or WeChat answers 404. */
export function showQrCodeUrl(ticket: string): string {
  return `${MP_BASE}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}
