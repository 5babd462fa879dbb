import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BenchBrowser {
  context: BrowserContext;
  extensionId: string;
  version: string;
  close: () => Promise<void>;
}

/**
 * Same flags as test/e2e/extension-browser.ts, but for an arbitrary extension dir (the helper is
 * pinned to .output/chrome-mv3, and the bench loads a copy with blank.html added). No
 * --host-resolver-rules: nothing in the popup's open path needs the network.
 */
export async function launchWithExtension(extensionDir: string): Promise<BenchBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'scene-qr-bench-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=zh-CN',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
    env: { ...process.env, LANGUAGE: 'zh-CN' },
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(worker.url()).host;
    const version = context.browser()?.version() ?? 'unknown';
    return {
      context,
      extensionId,
      version,
      close: async () => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
