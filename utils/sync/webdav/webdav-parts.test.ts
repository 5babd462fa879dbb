import { describe, expect, it } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { parsePropfind } from './webdav-propfind';
import { basicAuth, davRequest, retryAfterSeconds } from './webdav-request';
import { rootFolderProblem, webDavLocation, webDavUrlProblem } from './webdav-location';

const NEXTCLOUD = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns">
 <d:response><d:href>/remote.php/dav/files/ops/scene-qr/wx0123456789abcdef/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><d:getcontentlength/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>
 <d:response><d:href>/remote.php/dav/files/ops/scene-qr/wx0123456789abcdef/seg-a%20b-000001.json</d:href>
  <d:propstat><d:prop><d:resourcetype/><d:getcontentlength>1234</d:getcontentlength></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
 <d:response><d:href>/remote.php/dav/files/ops/scene-qr/wx0123456789abcdef/old/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>`;

// Jianguoyun-style: default namespace, absolute hrefs, an entity in a name.
const DEFAULT_NS = `<?xml version="1.0" encoding="UTF-8"?><multistatus xmlns="DAV:">
<response><href>https://dav.example.com/dav/scene-qr/wx0123456789abcdef/</href><propstat><prop><resourcetype><collection/></resourcetype></prop></propstat></response>
<response><href>https://dav.example.com/dav/scene-qr/wx0123456789abcdef/snap&amp;1.json</href><propstat><prop><resourcetype></resourcetype><getcontentlength>9</getcontentlength></prop></propstat></response>
</multistatus>`;

describe('parsePropfind', () => {
  it('reads prefixed answers: files only, names decoded, sizes', () => {
    expect(parsePropfind(NEXTCLOUD)).toEqual([{ name: 'seg-a b-000001.json', size: 1234 }]);
  });
  it('reads default-namespace answers with absolute hrefs and entities', () => {
    expect(parsePropfind(DEFAULT_NS)).toEqual([{ name: 'snap&1.json', size: 9 }]);
  });
  it('an HTML page is not a listing', () => {
    expect(parsePropfind('<!doctype html><title>Login</title>')).toBeNull();
  });
});

describe('Retry-After', () => {
  it('takes seconds and HTTP dates', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(new Date(1_000_000 + 30_000).toUTCString(), 1_000_000)).toBe(30);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
  it('without one, waits 2, 4, 8 s before giving up', async () => {
    const waits: number[] = [];
    const fetch = async () => new Response('busy', { status: 503 });
    const request = { method: 'GET', url: 'https://dav.example.com/x', origin: 'https://dav.example.com', auth: { user: 'u', password: 'p' }, what: 'GET x' };
    const error = await rejection(davRequest(request, { fetch, sleep: async (ms) => void waits.push(ms) }));
    expect(error).toMatchObject({ code: 'webdav_busy', status: 503 });
    expect(waits).toEqual([2000, 4000, 8000]);
  });
});

describe('davRequest', () => {
  const request = {
    method: 'PROPFIND',
    url: 'https://dav.example.com/dav/',
    origin: 'https://dav.example.com',
    auth: { user: '运营', password: 'pässword' },
    what: 'PROPFIND',
  };

  it('sends Basic auth of the UTF-8 user:password and follows no redirect', async () => {
    let seen: RequestInit | undefined;
    const fetch = async (_url: string | URL | Request, init?: RequestInit) => ((seen = init), new Response('', { status: 207 }));
    await davRequest(request, { fetch: fetch as typeof globalThis.fetch });
    expect((seen?.headers as Record<string, string>).Authorization).toBe(basicAuth({ user: '运营', password: 'pässword' }));
    expect(atob(basicAuth({ user: 'a', password: 'b:c' }).slice(6))).toBe('a:b:c');
    expect(seen).toMatchObject({ redirect: 'manual', credentials: 'omit' });
  });

  it('a redirect is webdav_redirect', async () => {
    const fetch = async () => new Response('', { status: 301, headers: { Location: 'https://elsewhere.example/' } });
    expect(await rejection(davRequest(request, { fetch }))).toMatchObject({ code: 'webdav_redirect', params: ['https://dav.example.com'] });
  });

  it.each([
    [403, 'webdav_forbidden'],
    [405, 'webdav_method_not_allowed'],
    [423, 'webdav_locked'],
    [500, 'webdav_http_status'],
  ])('%i is %s', async (status, code) => {
    const fetch = async () => new Response('', { status });
    expect(await rejection(davRequest(request, { fetch }))).toMatchObject({ code, params: ['https://dav.example.com', String(status)] });
  });

  it('a server that never answers is webdav_timeout with the seconds waited', async () => {
    const fetch = (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await rejection(davRequest(request, { fetch: fetch as typeof globalThis.fetch, timeoutMs: 50 }))).toMatchObject({
      code: 'webdav_timeout',
      params: ['https://dav.example.com', '0.05'],
    });
  });
});

describe('where files go', () => {
  it('http only to this computer; no credentials in the URL', () => {
    expect(webDavUrlProblem('https://dav.jianguoyun.com/dav/')).toBeNull();
    expect(webDavUrlProblem('http://127.0.0.1:8080/dav/')).toBeNull();
    expect(webDavUrlProblem('http://nas.local/dav/')).toBe('webdav_url_insecure');
    expect(webDavUrlProblem('https://u:p@dav.example.com/')).toBe('webdav_url_invalid');
    expect(webDavUrlProblem('dav.example.com')).toBe('webdav_url_invalid');
  });
  it('a root is one folder name', () => {
    expect(rootFolderProblem('scene-qr')).toBeNull();
    expect(rootFolderProblem('a/b')).toBe('webdav_root_invalid');
    expect(rootFolderProblem('..')).toBe('webdav_root_invalid');
    expect(rootFolderProblem('')).toBe('webdav_root_invalid');
  });
  it('<url>/<root>/<AppID>/, with a slash added to the URL', () => {
    expect(webDavLocation('https://dav.example.com/remote.php/dav/files/ops', '团队 码', 'wx0123456789abcdef')).toEqual({
      origin: 'https://dav.example.com',
      base: 'https://dav.example.com/remote.php/dav/files/ops/',
      root: 'https://dav.example.com/remote.php/dav/files/ops/%E5%9B%A2%E9%98%9F%20%E7%A0%81/',
      folder: 'https://dav.example.com/remote.php/dav/files/ops/%E5%9B%A2%E9%98%9F%20%E7%A0%81/wx0123456789abcdef/',
    });
  });
});
