/**
 * The sync bench's controls, from a fresh extension worker that has no sync configured (the same
 * pre-granted build, so the same host permission and Chromium network path as the engine):
 * - PUT: as many files of the same sizes as the first sync left on the server, by a bare fetch loop,
 *   one after another as the engine writes them (utils/sync/engine/push.ts), into a folder of their
 *   own. Random bytes (the sync's files are gzip, so about as incompressible); made before the clock.
 * - GET: the sync's own files read back by a bare fetch loop, one after another, as bytes.
 * What the network, Chromium's HTTP stack and Apache cost for that many bytes in that many requests:
 * the part of a sync no engine change can remove.
 */
import type { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import type { ApacheWebDav } from '../test/stand-ins/apache-webdav';

export interface ControlRun {
  files: number;
  bytes: number;
  ms: number;
}

interface Args {
  origin: string;
  auth: string;
  paths: string[];
  sizes: number[];
}

export async function barePut(browser: ExtensionBrowser, apache: ApacheWebDav, sizes: readonly number[]): Promise<ControlRun> {
  const worker = await browser.currentServiceWorker();
  const args: Args = { origin: apache.origin, auth: basic(apache), paths: sizes.map((_, i) => `/dav/bench-control/${i}.bin`), sizes: [...sizes] };
  return worker.evaluate(async ({ origin, auth, paths, sizes }: Args) => {
    const made = await fetch(`${origin}/dav/bench-control/`, { method: 'MKCOL', headers: { Authorization: auth } });
    if (made.status !== 201) throw new Error(`MKCOL bench-control: ${made.status}`);
    const bodies = sizes.map((size) => {
      const bytes = new Uint8Array(size);
      for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(at + 65536, size)));
      return bytes;
    });
    const start = performance.now();
    for (let i = 0; i < paths.length; i++) {
      const answer = await fetch(`${origin}${paths[i]}`, {
        method: 'PUT',
        headers: { Authorization: auth, 'Content-Type': 'application/octet-stream' },
        body: bodies[i],
      });
      if (answer.status !== 201) throw new Error(`PUT ${paths[i]}: ${answer.status}`);
    }
    return { files: paths.length, bytes: sizes.reduce((a, b) => a + b, 0), ms: performance.now() - start };
  }, args);
}

export async function bareGet(browser: ExtensionBrowser, apache: ApacheWebDav, paths: readonly string[]): Promise<ControlRun> {
  const worker = await browser.currentServiceWorker();
  const args: Args = { origin: apache.origin, auth: basic(apache), paths: paths.map((p) => `/dav/${p}`), sizes: [] };
  return worker.evaluate(async ({ origin, auth, paths }: Args) => {
    let bytes = 0;
    const start = performance.now();
    for (const path of paths) {
      const answer = await fetch(`${origin}${path}`, { headers: { Authorization: auth }, cache: 'no-store' });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
      bytes += (await answer.arrayBuffer()).byteLength;
    }
    return { files: paths.length, bytes, ms: performance.now() - start };
  }, args);
}

function basic(apache: ApacheWebDav): string {
  return `Basic ${Buffer.from(`${apache.user}:${apache.password}`).toString('base64')}`;
}
