import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetSize {
  /** Path inside the extension, e.g. "chunks/ui-XXXX.js". */
  path: string;
  kind: 'js' | 'css';
  bytes: number;
  gzip: number;
}

export interface BundleSize {
  assets: AssetSize[];
  jsGzip: number;
  cssGzip: number;
  totalGzip: number;
}

// Vite writes root-absolute URLs ("/chunks/x.js"); the extension root is the URL root.
const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;
const LINK_TAG = /<link\b[^>]*>/g;
const LINK_REL = /\brel="(stylesheet|modulepreload)"/;
const LINK_HREF = /\bhref="([^"]+)"/;
// Static imports only ("import{a}from"./x.js"", "import"./x.js"", "export*from"./x.js""): they load
// before the entry runs. Dynamic import() is left out on purpose: it is not paid for on open.
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[^'"()]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;

/** Every JS and CSS file the page at `htmlPath` (relative to `root`) loads before it can run. */
export function pageAssets(root: string, htmlPath: string): string[] {
  const html = readFileSync(join(root, htmlPath), 'utf8');
  const fromHtml: string[] = [];
  for (const m of html.matchAll(SCRIPT_SRC)) fromHtml.push(m[1]!);
  for (const m of html.matchAll(LINK_TAG)) {
    const href = LINK_REL.test(m[0]) ? LINK_HREF.exec(m[0])?.[1] : undefined;
    if (href) fromHtml.push(href);
  }
  const seen = new Set<string>();
  const queue = fromHtml.map((url) => toExtensionPath(url, posix.dirname(htmlPath)));
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    if (!path.endsWith('.js')) continue;
    const code = readFileSync(join(root, path), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) queue.push(posix.normalize(posix.join(posix.dirname(path), m[1]!)));
  }
  return [...seen];
}

function toExtensionPath(url: string, htmlDir: string): string {
  if (/^[a-z-]+:/i.test(url)) throw new Error(`popup loads a non-extension URL: ${url}`);
  return posix.normalize(url.startsWith('/') ? url.slice(1) : posix.join(htmlDir, url));
}

export function measureBundle(root: string, htmlPath: string): BundleSize {
  const assets = pageAssets(root, htmlPath).map((path): AssetSize => {
    const data = readFileSync(join(root, path));
    const kind = path.endsWith('.css') ? 'css' : 'js';
    if (!path.endsWith('.css') && !path.endsWith('.js')) throw new Error(`unexpected popup asset: ${path}`);
    return { path, kind, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  const sum = (kind: AssetSize['kind']) => assets.filter((a) => a.kind === kind).reduce((n, a) => n + a.gzip, 0);
  const jsGzip = sum('js');
  const cssGzip = sum('css');
  return { assets, jsGzip, cssGzip, totalGzip: jsGzip + cssGzip };
}
