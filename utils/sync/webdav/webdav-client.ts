import { fail } from '@/utils/messaging/app-error';
import type { RemoteEntry, RemoteFolder } from '../remote-folder';
import { type WebDavLocation, fileUrl, webDavLocation } from './webdav-location';
import { PROPFIND_BODY, parsePropfind } from './webdav-propfind';
import { type DavRequest, type WebDavAuth, type WebDavRequestOptions, davRequest } from './webdav-request';

/**
 * RemoteFolder over WebDAV (RFC 4918): one account's folder `<url>/<root>/<AppID>/`. A sync costs
 * a handful of requests whatever the number of codes: one PROPFIND for the listing, one GET per
 * new segment of another browser, one PUT per segment of ours (hosted services count requests).
 */
export interface WebDavSettings extends WebDavAuth {
  url: string;
  root: string;
}

export interface WebDavFolder extends RemoteFolder {
  readonly location: WebDavLocation;
}

const decoder = new TextDecoder();

export function webDavFolder(settings: WebDavSettings, appId: string, options: WebDavRequestOptions = {}): WebDavFolder {
  const location = webDavLocation(settings.url, settings.root, appId);
  const auth = { user: settings.user, password: settings.password };
  const request = (method: string, url: string, what: string, more: Partial<DavRequest> = {}) =>
    davRequest({ method, url, origin: location.origin, auth, what, ...more }, options);
  let ensured = false;

  /** MKCOL, where 405 means "already there" (RFC 4918 §9.3.1) — what a second browser meets. */
  const makeCollection = async (url: string, what: string) => {
    await request('MKCOL', url, what, { accept: [405] });
  };

  const listing = async (): Promise<RemoteEntry[]> => {
    const answer = await request('PROPFIND', location.folder, 'PROPFIND', {
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
      body: PROPFIND_BODY,
    });
    const entries = answer.status === 207 ? parsePropfind(decoder.decode(answer.body)) : null;
    return entries ?? fail({ code: 'webdav_bad_response', params: [location.origin], status: answer.status, errmsg: 'PROPFIND' });
  };

  return {
    location,
    async ensure() {
      if (ensured) return;
      // Most syncs find the folder there: one PROPFIND Depth 0 instead of two MKCOLs.
      const found = await request('PROPFIND', location.folder, 'PROPFIND', { headers: { Depth: '0' }, accept: [404] });
      if (found.status === 404) {
        await makeCollection(location.root, 'MKCOL root');
        await makeCollection(location.folder, 'MKCOL account folder');
      }
      ensured = true;
    },
    list: listing,
    async read(name) {
      const answer = await request('GET', fileUrl(location, name), `GET ${name}`);
      return answer.body;
    },
    async create(name, body) {
      const answer = await request('PUT', fileUrl(location, name), `PUT ${name}`, {
        headers: { 'If-None-Match': '*', 'Content-Type': 'application/octet-stream' },
        body,
        accept: [412],
      });
      return answer.status === 412 ? 'exists' : 'created';
    },
    async remove(name) {
      await request('DELETE', fileUrl(location, name), `DELETE ${name}`, { accept: [404] });
    },
  };
}
