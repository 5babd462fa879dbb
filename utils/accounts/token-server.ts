import { AppFailure, fail } from '@/utils/messaging/app-error';
import type { FetchedToken } from '@/utils/wechat/token-endpoints';
import { unreadableAnswer, wechatJson } from '@/utils/wechat/http';

/**
 * Tokens from somewhere other than WeChat's token endpoints (contract §3, "a token from
 * elsewhere"): the account's central token server (中控服务器), or a token the operator pasted for
 * this browser session. Either way the extension never needs the AppSecret. Neither the header
 * value (the server's password) nor a token ever goes into an error.
 */

/** Where the central token server is and how to prove we may ask it. */
export interface TokenServerConfig {
  url: string;
  /** An optional request header, e.g. Authorization or X-Token; both or neither. */
  headerName?: string;
  headerValue?: string;
}

/**
 * Why a token-server setting or a pasted token was refused (ErrorCodes too). None carries the header value or a token.
 * - token_server_url_invalid: not an absolute URL, or it carries user:password@.
 * - token_server_url_insecure: http:// to anything but this computer (localhost, 127.0.0.1, [::1]).
 * - token_server_header_invalid: a header name that is not an HTTP token, a value with line breaks
 *   or control characters, or only one of the two.
 * - token_pasted_invalid: the pasted text is not a token (or JSON holding one).
 */
export type TokenSourceCode = 'token_server_url_invalid' | 'token_server_url_insecure' | 'token_server_header_invalid' | 'token_pasted_invalid';

/** An AppFailure, so it crosses the message boundary as its own ErrorCode with words in both languages. */
export class TokenSourceFailure extends AppFailure {
  constructor(readonly code: TokenSourceCode) {
    super({ code });
    this.name = 'TokenSourceFailure';
  }
}

export function isTokenSourceFailure(thrown: unknown, code?: TokenSourceCode): thrown is TokenSourceFailure {
  return thrown instanceof TokenSourceFailure && (code === undefined || thrown.code === code);
}

/** A WeChat access token lives 7200 s; nobody can honestly promise more. */
export const MAX_TOKEN_LIFETIME_SECONDS = 7200;
/**
 * The lifetime assumed when a token server does not say: short, because the token may be near its
 * end. With the cache's margin (utils/wechat/token-cache.ts) it is reused for 150 s, then asked for again.
 */
export const UNKNOWN_SERVER_TOKEN_LIFETIME_SECONDS = 300;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What is wrong with a token-server URL, or null: for the options form before saving. */
export function tokenServerUrlProblem(url: string): TokenSourceCode | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'token_server_url_invalid';
  }
  // fetch refuses URLs with credentials, and they would sit in storage in plain sight anyway.
  if (parsed.username !== '' || parsed.password !== '') return 'token_server_url_invalid';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') return LOCAL_HOSTS.has(parsed.hostname) ? null : 'token_server_url_insecure';
  return 'token_server_url_invalid';
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII and spaces/tabs inside: no line breaks or control characters. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?$/;

/** What is wrong with the header setting, or null. Empty name and value both mean "no header". */
export function tokenServerHeaderProblem(headerName = '', headerValue = ''): TokenSourceCode | null {
  if (headerName === '' && headerValue === '') return null;
  return HEADER_NAME.test(headerName) && HEADER_VALUE.test(headerValue) ? null : 'token_server_header_invalid';
}

function refuse(code: TokenSourceCode): never {
  throw new TokenSourceFailure(code);
}

/**
 * One token from the central token server: GET the URL (with the header, if set), 15 s timeout,
 * answer `{access_token, expires_in}`. Every failure names the token server (token_server_*, with
 * its origin): its timeouts, statuses and unreadable answers are its own, and WeChat's error shape
 * passed on by it (`{errcode: 40164, errmsg: …}`) is about the server's own call to WeChat (its
 * IP, its AppSecret), not the operator's. Redirects are not followed (and reported as such), so the
 * header is never sent on to another host or over plain http.
 */
export async function fetchServerToken({ url, headerName, headerValue }: TokenServerConfig): Promise<FetchedToken> {
  const urlProblem = tokenServerUrlProblem(url);
  if (urlProblem) refuse(urlProblem);
  const name = headerName?.trim() ?? '';
  const value = headerValue?.trim() ?? '';
  // Checked here, not left to fetch: a browser's "invalid header value" error may quote the value.
  const headerProblem = tokenServerHeaderProblem(name, value);
  if (headerProblem) refuse(headerProblem);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (name !== '') headers[name] = value;
  const body = await wechatJson<{ access_token?: unknown; expires_in?: unknown }>(
    url.trim(),
    { method: 'GET', headers, redirect: 'manual', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' },
    { answerer: 'token_server' },
  );
  const accessToken = typeof body.access_token === 'string' ? body.access_token.trim() : '';
  if (!isPlausibleToken(accessToken)) fail(unreadableAnswer(url.trim(), 'token_server'));
  return { accessToken, expiresIn: lifetime(body.expires_in, UNKNOWN_SERVER_TOKEN_LIFETIME_SECONDS) };
}

/**
 * A token goes into a URL query: printable ASCII without spaces, at most 2 KiB (WeChat's are
 * 100–200 letters, digits, - and _).
 */
function isPlausibleToken(token: string): boolean {
  return token.length >= 16 && token.length <= 2048 && /^[\x21-\x7e]+$/.test(token);
}

/** Seconds left: a positive finite number (a numeric string too), capped at 7200; else `unknown`. */
function lifetime(value: unknown, unknown: number): number {
  const seconds = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return unknown;
  return Math.min(Math.floor(seconds), MAX_TOKEN_LIFETIME_SECONDS);
}

/** A token the operator pasted, as the caller keeps it in storage.session. */
export interface PastedToken {
  accessToken: string;
  /** Epoch ms after which it is surely expired (pasted time + lifetime). */
  expiresAt: number;
}

/**
 * Read what the operator pasted: a bare token, or the JSON a token endpoint answered
 * (`{"access_token": "…", "expires_in": 7200}`, whose expires_in then counts). Without a lifetime
 * it is assumed fresh (7200 s), the most a token can have; WeChat's rejection (40001 / 42001)
 * tells the operator sooner if it was older. Throws token_pasted_invalid otherwise, and for what
 * looks like an AppSecret.
 */
export function pastedToken(text: string, expiresIn?: number, now: number = Date.now()): PastedToken {
  const trimmed = text.trim();
  let token = trimmed;
  let seconds: unknown = expiresIn;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return refuse('token_pasted_invalid');
    }
    const { access_token: accessToken, expires_in: jsonExpiresIn } = (parsed ?? {}) as Record<string, unknown>;
    token = typeof accessToken === 'string' ? accessToken.trim() : '';
    seconds ??= jsonExpiresIn;
  }
  // 32 hex digits is what an AppSecret looks like, never a token: pasted into the wrong field.
  if (!isPlausibleToken(token) || /^[0-9a-fA-F]{32}$/.test(token)) refuse('token_pasted_invalid');
  return { accessToken: token, expiresAt: now + lifetime(seconds, MAX_TOKEN_LIFETIME_SECONDS) * 1000 };
}

/** The pasted token as a fetch result with the seconds it has left, or null once it has expired. */
export function fetchedFromPasted(pasted: PastedToken, now: number = Date.now()): FetchedToken | null {
  const expiresIn = Math.floor((pasted.expiresAt - now) / 1000);
  return expiresIn > 0 ? { accessToken: pasted.accessToken, expiresIn } : null;
}
