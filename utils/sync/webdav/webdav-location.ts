import { fail } from '@/utils/messaging/app-error';

/**
 * Where sync's files live on the operator's WebDAV server: `<url>/<root>/<AppID>/<file>`. The URL
 * is what the service shows (坚果云 https://dav.jianguoyun.com/dav/, Nextcloud
 * https://host/remote.php/dav/files/USER/, a NAS); the root is one folder name the operator picks
 * (default "scene-qr"), so the team's files sit apart from everything else on the account.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** A folder name any WebDAV server and file system takes: no slashes, no control characters, no dot-only names. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FOLDER_NAME = /^(?!\.{1,2}$)[^/\\\u0000-\u001f\u007f]{1,64}$/;
export const DEFAULT_ROOT_FOLDER = 'scene-qr';

/**
 * What is wrong with a WebDAV URL, or null. http:// only to this computer: Basic auth sends the app
 * password with every request, readable to anyone on the way without TLS.
 */
export function webDavUrlProblem(url: string): 'webdav_url_invalid' | 'webdav_url_insecure' | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'webdav_url_invalid';
  }
  // user:password@ would sit in storage in plain sight, and fetch refuses such URLs anyway.
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') return 'webdav_url_invalid';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') return LOCAL_HOSTS.has(parsed.hostname) ? null : 'webdav_url_insecure';
  return 'webdav_url_invalid';
}

export function rootFolderProblem(root: string): 'webdav_root_invalid' | null {
  return FOLDER_NAME.test(root.trim()) ? null : 'webdav_root_invalid';
}

/** The URL as stored: trimmed, with one trailing slash (a collection's URL). */
export function normaliseWebDavUrl(url: string): string {
  const parsed = new URL(url.trim());
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.href;
}

export interface WebDavLocation {
  /** The server's origin, named in every error. */
  origin: string;
  /** The operator's URL (a collection). */
  base: string;
  /** `<base><root>/` */
  root: string;
  /** `<base><root>/<AppID>/`: the account's folder, the one the engine sees. */
  folder: string;
}

export function webDavLocation(url: string, root: string, appId: string): WebDavLocation {
  const urlProblem = webDavUrlProblem(url);
  if (urlProblem) fail({ code: urlProblem, field: 'webdavUrl' });
  const rootProblem = rootFolderProblem(root);
  if (rootProblem) fail({ code: rootProblem, field: 'webdavRoot' });
  const base = normaliseWebDavUrl(url);
  const rootUrl = new URL(`${encodeURIComponent(root.trim())}/`, base).href;
  return { origin: new URL(base).origin, base, root: rootUrl, folder: new URL(`${encodeURIComponent(appId)}/`, rootUrl).href };
}

/** A file's URL in the account's folder (names are plain file names, see remote-folder.ts). */
export function fileUrl(location: WebDavLocation, name: string): string {
  return new URL(encodeURIComponent(name), location.folder).href;
}
