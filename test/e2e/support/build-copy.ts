import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR } from './extension-browser';

/** A throwaway copy of the build for a test or bench to adjust, so .output itself is never modified. */
export function copyBuild(prefix: string, buildDir: string = EXTENSION_DIR): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(buildDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Saving a server of the operator's own (test pushes, a central token server) asks Chrome for
 * access to its origin, and headless Chromium has no way to click "Allow". So suites that need one
 * load a copy of the build whose manifest already grants http(s)://127.0.0.1/*: the request then
 * resolves at once, as after a real click, and everything after it is the real code. The refusal
 * without a grant is tested against the unmodified build.
 */
export function buildWithLocalServerAccess(prefix = 'scene-qr-local-'): { dir: string; remove: () => void } {
  const copy = copyBuild(prefix);
  const manifestPath = join(copy.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push('http://127.0.0.1/*', 'https://127.0.0.1/*');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return copy;
}
