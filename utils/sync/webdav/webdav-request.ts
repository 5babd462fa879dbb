import { fail } from '@/utils/messaging/app-error';
import { webDavBusyError, webDavFetchError, webDavStatusError, webDavTimeoutError } from './webdav-errors';

/**
 * One WebDAV request: Basic auth, no redirects followed (a redirect would carry the password to
 * wherever it points, and a moved URL is the operator's to fix), no cookies or cache, a timeout
 * over the whole answer body included, and the waits a busy server asks for (429 / 503 with
 * Retry-After): hosted services count requests per account, and hammering one that said "wait"
 * only gets the account blocked longer.
 */

export interface WebDavAuth {
  user: string;
  password: string;
}

/** A wait the server asked for, announced before it starts (the sync status says so). */
export interface ServerWait {
  origin: string;
  status: number;
  seconds: number;
}

export interface WebDavRequestOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** How a wait is spent (tests pass one that records and returns at once). */
  sleep?: (ms: number) => Promise<void>;
  onWait?: (wait: ServerWait) => void;
}

export interface DavAnswer {
  status: number;
  body: Uint8Array;
}

export const REQUEST_TIMEOUT_MS = 30_000;
/** How often one request waits for a busy server before the sync gives up (and pauses with the reason). */
export const MAX_WAITS = 3;
/** A wait longer than this is not spent inside a sync: the sync stops and the next one (alarm) tries again. */
export const MAX_WAIT_SECONDS = 60;
/** When a 429 / 503 gives no Retry-After: 2, 4, 8 s. */
const DEFAULT_WAIT_SECONDS = 2;

export function basicAuth({ user, password }: WebDavAuth): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Retry-After in seconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface DavRequest {
  method: string;
  url: string;
  origin: string;
  auth: WebDavAuth;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Statuses the caller reads itself (besides 2xx); any other becomes the server's error. */
  accept?: readonly number[];
  /** For the error's details: which request, e.g. "PUT seg-…json". */
  what: string;
}

export async function davRequest(request: DavRequest, options: WebDavRequestOptions = {}): Promise<DavAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await attemptOnce(request, options);
    if (answer.status !== 429 && answer.status !== 503) return checked(request, answer);
    const asked = retryAfterSeconds(answer.retryAfter);
    const seconds = asked ?? DEFAULT_WAIT_SECONDS * 2 ** attempt;
    if (attempt >= MAX_WAITS || seconds > MAX_WAIT_SECONDS) fail(webDavBusyError(request.origin, answer.status, seconds, request.what));
    options.onWait?.({ origin: request.origin, status: answer.status, seconds });
    await (options.sleep ?? sleepFor)(seconds * 1000);
  }
}

function checked(request: DavRequest, answer: DavAnswer): DavAnswer {
  const ok = answer.status >= 200 && answer.status < 300;
  if (ok || request.accept?.includes(answer.status)) return answer;
  return fail(webDavStatusError(answer.status, request.origin, request.what));
}

async function attemptOnce(request: DavRequest, options: WebDavRequestOptions): Promise<DavAnswer & { retryAfter: string | null }> {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimedOut());
    }, timeoutMs);
  });
  try {
    return await Promise.race([send(request, options.fetch ?? fetch, controller.signal), timedOut]);
  } catch (thrown) {
    if (thrown instanceof TimedOut || (thrown as { name?: string } | null)?.name === 'AbortError') {
      fail(webDavTimeoutError(request.origin, timeoutMs / 1000, request.what));
    }
    throw thrown;
  } finally {
    clearTimeout(timer);
  }
}

class TimedOut extends Error {}

async function send(request: DavRequest, fetchFn: typeof fetch, signal: AbortSignal): Promise<DavAnswer & { retryAfter: string | null }> {
  let response: Response;
  try {
    response = await fetchFn(request.url, {
      method: request.method,
      headers: { Authorization: basicAuth(request.auth), ...request.headers },
      body: request.body as BodyInit | undefined,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal,
    });
  } catch (thrown) {
    if ((thrown as { name?: string } | null)?.name === 'AbortError') throw thrown;
    return fail(webDavFetchError(thrown, request.origin, request.what));
  }
  if (response.type === 'opaqueredirect') return { status: 0, body: new Uint8Array(), retryAfter: null };
  let body: Uint8Array;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (thrown) {
    if ((thrown as { name?: string } | null)?.name === 'AbortError') throw thrown;
    // The connection broke while the body was arriving.
    return fail(webDavFetchError(thrown, request.origin, request.what));
  }
  return { status: response.status, body, retryAfter: response.headers.get('Retry-After') };
}
