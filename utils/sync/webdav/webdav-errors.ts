import type { AppError, ErrorCode } from '@/utils/messaging/app-error';

/**
 * The WebDAV server's answers as errors. Every one names the server (its origin is params[0]) and
 * its words say what to do: the password (401), the account's rights (403), the URL (404, 405, 409,
 * a redirect), a file someone locked (423), space (507), the server asking to slow down (429 / 503
 * after the waits it asked for), TLS and timeouts. None carries the user, the password or a file's content.
 */
const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'webdav_unauthorized',
  403: 'webdav_forbidden',
  404: 'webdav_not_found',
  405: 'webdav_method_not_allowed',
  409: 'webdav_conflict',
  423: 'webdav_locked',
  507: 'webdav_space_full',
};

/** `what` says which request (PROPFIND, PUT <file> …) for the details line. */
export function webDavStatusError(status: number, origin: string, what: string): AppError {
  if (status >= 300 && status < 400) return { code: 'webdav_redirect', params: [origin], status, errmsg: what };
  // An opaque redirect (a browser's fetch with redirect: 'manual') has status 0.
  if (status === 0) return { code: 'webdav_redirect', params: [origin], errmsg: what };
  const code = STATUS_CODES[status] ?? 'webdav_http_status';
  return { code, params: [origin, String(status)], status, errmsg: what };
}

/** Node names a certificate problem in the error's cause; Chrome says only "Failed to fetch" (see webdav_network's words). */
const TLS_PROBLEM = /CERT|TLS|SSL|SELF_SIGNED|self[- ]signed|certificate/i;

export function webDavFetchError(thrown: unknown, origin: string, what: string): AppError {
  const cause = (thrown as { cause?: { code?: string; message?: string } } | null)?.cause;
  const text = `${cause?.code ?? ''} ${cause?.message ?? ''}`;
  if (TLS_PROBLEM.test(text)) return { code: 'webdav_tls', params: [origin], errmsg: what };
  return { code: 'webdav_network', params: [origin], errmsg: what };
}

export function webDavTimeoutError(origin: string, seconds: number, what: string): AppError {
  return { code: 'webdav_timeout', params: [origin, String(seconds)], errmsg: what };
}

/** The server still asked to wait after the waits allowed, or asked for longer than a sync waits. */
export function webDavBusyError(origin: string, status: number, seconds: number, what: string): AppError {
  return { code: 'webdav_busy', params: [origin, String(seconds)], status, errmsg: `${what}: HTTP ${status}` };
}
