import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR } from './extension-browser';

/** A throwaway copy of the build for a test or bench to adjust, so .output itself is never modified. */
export function copyBuild(prefix: string, buildDir: string = EXTENSION_DIR): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(buildDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
