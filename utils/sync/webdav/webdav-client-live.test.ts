// @vitest-environment node
// The WebDAV client against Debian's Apache mod_dav (test/stand-ins/apache-webdav.ts), with Node's fetch.
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '@/test/unit/helpers';
import { closedOrigin } from '@/test/unit/local-server';
import { ApacheWebDav } from '@/test/stand-ins/apache-webdav';
import { makeSelfSignedCert } from '@/test/stand-ins/self-signed-cert';
import { checkWebDav } from './webdav-check';
import { webDavFolder } from './webdav-client';
import type { ServerWait } from './webdav-request';

const APP_ID = 'wx0123456789abcdef';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array) => new TextDecoder().decode(body);

let apache: ApacheWebDav;
beforeAll(async () => {
  apache = await ApacheWebDav.start();
}, 30_000);
afterAll(() => apache?.dispose());

const settings = (more: Partial<{ url: string; user: string; password: string; root: string }> = {}) => ({
  url: apache.url,
  user: apache.user,
  password: apache.password,
  root: 'scene-qr',
  ...more,
});

describe('webDavFolder against Apache mod_dav', () => {
  it('makes <root>/<AppID>/, writes, lists, reads and removes files', async () => {
    const folder = webDavFolder(settings({ root: 'team one' }), APP_ID);
    await folder.ensure();
    expect(await folder.list()).toEqual([]);
    expect(await folder.create('seg-a-000001.json', bytes('{"n":1}'))).toBe('created');
    expect(await folder.create('seg-a-000002.json', bytes('{"n":22}'))).toBe('created');
    const listed = await folder.list();
    expect(listed.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'seg-a-000001.json', size: 7 },
      { name: 'seg-a-000002.json', size: 8 },
    ]);
    expect(text(await folder.read('seg-a-000002.json'))).toBe('{"n":22}');
    await folder.remove('seg-a-000001.json');
    await folder.remove('seg-a-000001.json');
    expect((await folder.list()).map((entry) => entry.name)).toEqual(['seg-a-000002.json']);
    // On disk where Apache keeps it: the root the operator named, then the AppID.
    expect(apache.files().map((file) => file.path)).toContain(`team one/${APP_ID}/seg-a-000002.json`);
  });

  it('never overwrites: a second create of one name answers exists and keeps the first bytes', async () => {
    const a = webDavFolder(settings(), APP_ID);
    const b = webDavFolder(settings(), APP_ID);
    await a.ensure();
    await b.ensure();
    expect(await a.create('snapshot-000003.json', bytes('first'))).toBe('created');
    expect(await b.create('snapshot-000003.json', bytes('second'))).toBe('exists');
    expect(text(await a.read('snapshot-000003.json'))).toBe('first');
  });

  it('ensure costs one request once the folder exists', async () => {
    // Apache logs a request after answering it: a marker request, waited for in the log, says every
    // request before it is logged (they are sent one after another).
    const logged = async (marker: string): Promise<number> => {
      await fetch(`${apache.url}${marker}`, { method: 'OPTIONS' });
      await expect.poll(() => apache.requests().some((request) => request.path.includes(marker))).toBe(true);
      return apache.requests().findIndex((request) => request.path.includes(marker));
    };
    await webDavFolder(settings(), APP_ID).ensure();
    const before = await logged('/settle-before');
    await webDavFolder(settings(), APP_ID).ensure();
    const after = await logged('/settle-after');
    expect(
      apache
        .requests()
        .slice(before + 1, after)
        .map((request) => request.method),
    ).toEqual(['PROPFIND']);
  });

  it('names of any kind survive the trip (encoded in the URL, decoded from the listing)', async () => {
    const folder = webDavFolder(settings(), APP_ID);
    await folder.ensure();
    const name = 'seg-设备 #1&2-000001.json';
    await folder.create(name, bytes('x'));
    expect((await folder.list()).map((entry) => entry.name)).toContain(name);
    expect(text(await folder.read(name))).toBe('x');
  });

  it('a file that is gone rejects with webdav_not_found naming the server', async () => {
    const folder = webDavFolder(settings(), APP_ID);
    await folder.ensure();
    expect(await rejection(folder.read('seg-nobody-000009.json'))).toMatchObject({ code: 'webdav_not_found', params: [apache.origin, '404'] });
  });

  it('a wrong password is webdav_unauthorized (401) and carries no password', async () => {
    const error = await rejection(webDavFolder(settings({ password: 'wrong-password' }), APP_ID).ensure());
    expect(error).toMatchObject({ code: 'webdav_unauthorized', params: [apache.origin, '401'], status: 401 });
    expect(JSON.stringify(error)).not.toContain('wrong-password');
  });

  it('a base URL whose folder does not exist: MKCOL answers 409, webdav_conflict', async () => {
    const error = await rejection(webDavFolder(settings({ url: `${apache.origin}/dav/missing/` }), APP_ID).ensure());
    expect(error).toMatchObject({ code: 'webdav_conflict', params: [apache.origin, '409'] });
  });

  it('507 from a full server is webdav_space_full, and nothing is written', async () => {
    const folder = webDavFolder(settings(), APP_ID);
    await folder.ensure();
    apache.full(true);
    try {
      expect(await rejection(folder.create('seg-full-000001.json', bytes('x')))).toMatchObject({ code: 'webdav_space_full', status: 507 });
    } finally {
      apache.full(false);
    }
    expect((await folder.list()).map((entry) => entry.name)).not.toContain('seg-full-000001.json');
  });

  it.each([429, 503] as const)('%i with Retry-After: waits what the server asks, says so, then succeeds', async (status) => {
    const waits: ServerWait[] = [];
    const folder = webDavFolder(settings(), APP_ID, {
      onWait: (wait) => waits.push(wait),
      // The server recovers while we wait: the retry then goes through.
      sleep: async () => apache.busy(null),
    });
    await folder.ensure();
    apache.busy(status, 7);
    expect(await folder.list()).toBeInstanceOf(Array);
    expect(waits).toEqual([{ origin: apache.origin, status, seconds: 7 }]);
  });

  it('a server that stays busy: three waits, then webdav_busy with the wait it asked for', async () => {
    const waits: number[] = [];
    const folder = webDavFolder(settings(), APP_ID, { onWait: (wait) => waits.push(wait.seconds), sleep: async () => undefined });
    await folder.ensure();
    apache.busy(429, 2);
    try {
      expect(await rejection(folder.list())).toMatchObject({ code: 'webdav_busy', params: [apache.origin, '2'], status: 429 });
    } finally {
      apache.busy(null);
    }
    expect(waits).toEqual([2, 2, 2]);
  });

  it('a server asking for a longer wait than a sync spends fails at once with webdav_busy', async () => {
    const folder = webDavFolder(settings(), APP_ID, { sleep: () => Promise.reject(new Error('must not wait')) });
    await folder.ensure();
    apache.busy(503, 3600);
    try {
      expect(await rejection(folder.list())).toMatchObject({ code: 'webdav_busy', params: [apache.origin, '3600'] });
    } finally {
      apache.busy(null);
    }
  });

  it('a stopped server is webdav_network; started again, the same folder works', async () => {
    const folder = webDavFolder(settings(), APP_ID);
    await folder.ensure();
    await apache.stop();
    try {
      expect(await rejection(folder.list())).toMatchObject({ code: 'webdav_network', params: [apache.origin] });
    } finally {
      await apache.start();
    }
    expect(await folder.list()).toBeInstanceOf(Array);
  });
});

describe('checkWebDav: the options page test', () => {
  it('passes every right on a working server and leaves no file behind', async () => {
    const result = await checkWebDav(settings({ root: 'checked' }), APP_ID);
    expect(result).toEqual({ passed: ['propfind', 'mkcol', 'put', 'get', 'delete'], folder: `${apache.url}checked/${APP_ID}/` });
    expect(apache.files().filter((file) => file.path.startsWith('checked/'))).toEqual([]);
  });

  it('stops at PROPFIND with a wrong password', async () => {
    const result = await checkWebDav(settings({ password: 'nope' }), APP_ID);
    expect(result.passed).toEqual([]);
    expect(result.failed).toMatchObject({ step: 'propfind', error: { code: 'webdav_unauthorized' } });
  });

  it('stops at PUT on a full server, after the folder was made', async () => {
    await webDavFolder(settings({ root: 'full' }), APP_ID).ensure();
    apache.full(true);
    try {
      const result = await checkWebDav(settings({ root: 'full' }), APP_ID);
      expect(result.passed).toEqual(['propfind', 'mkcol']);
      expect(result.failed).toMatchObject({ step: 'put', error: { code: 'webdav_space_full' } });
    } finally {
      apache.full(false);
    }
  });

  it('a URL that is not there: PROPFIND answers 404, webdav_not_found', async () => {
    const result = await checkWebDav(settings({ url: `${apache.origin}/nothing-here/` }), APP_ID);
    expect(result.failed).toMatchObject({ step: 'propfind', error: { code: 'webdav_not_found' } });
  });
});

describe('webDavFolder: transport faults', () => {
  it('a self-signed certificate is webdav_tls', async () => {
    const { key, cert } = makeSelfSignedCert();
    const server = createHttpsServer({ key, cert }, (_req, res) => res.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await rejection(webDavFolder(settings({ url: `${origin}/dav/` }), APP_ID).list())).toMatchObject({ code: 'webdav_tls', params: [origin] });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('nothing listening is webdav_network', async () => {
    const origin = await closedOrigin();
    expect(await rejection(webDavFolder(settings({ url: `${origin}/dav/` }), APP_ID).list())).toMatchObject({ code: 'webdav_network' });
  });
});
