import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page, type Worker, chromium } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/chrome-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** The stand-in's port: WeChat's two hosts resolve to it. Omit to leave WeChat unreachable. */
  wechatPort?: number;
  /** Reuse a profile (to test surviving a browser restart); a fresh one otherwise. */
  userDataDir?: string;
  lang?: string;
  /** Another build to load (the bench loads a copy with a blank page added). */
  extensionDir?: string;
  /** More Chromium switches (e.g. to accept permission prompts no one can click in headless). */
  extraArgs?: string[];
}

/** Headless Chromium with the given extensions (comma-separated dirs) and nothing that reaches the network by itself. */
export function chromiumArgs(extensionDirs: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--disable-extensions-except=${extensionDirs}`,
    `--load-extension=${extensionDirs}`,
  ];
}

/**
 * Chromium on Linux takes its UI language from LANGUAGE (needs Debian's chromium-l10n); LANG stays a
 * UTF-8 locale that exists on any machine, so non-ASCII download names survive.
 */
export function chromiumEnv(lang = 'zh-CN'): NodeJS.ProcessEnv {
  return { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: 'C.UTF-8' };
}

/**
 * The built extension in Debian's Chromium. The production build talks to "api.weixin.qq.com"; the
 * host-resolver rule sends that to the local stand-in, so no test-only code is in the extension.
 */
/** The extension's own pages, by entrypoint name (codes.html is history; create.html is the context menu's). */
export type ExtensionPageName = 'popup' | 'options' | 'codes' | 'batch' | 'report' | 'create';

export class ExtensionBrowser {
  private latestWorker: Worker;

  private constructor(
    readonly context: BrowserContext,
    readonly serviceWorker: Worker,
    readonly userDataDir: string,
    private readonly ownsProfile: boolean,
    private readonly options: LaunchOptions,
  ) {
    this.latestWorker = serviceWorker;
    // Playwright reports a stopped worker closed only later; the newest one is the live one.
    context.on('serviceworker', (worker) => (this.latestWorker = worker));
  }

  get extensionId(): string {
    return new URL(this.serviceWorker.url()).host;
  }

  static async launch(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
    const ownsProfile = !options.userDataDir;
    const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'scene-qr-profile-'));
    const extensionDir = options.extensionDir ?? EXTENSION_DIR;
    const args = [...chromiumArgs(extensionDir), ...(options.extraArgs ?? [])];
    if (options.wechatPort) {
      const port = options.wechatPort;
      args.push(`--host-resolver-rules=MAP api.weixin.qq.com 127.0.0.1:${port}, MAP mp.weixin.qq.com 127.0.0.1:${port}`);
      args.push('--ignore-certificate-errors');
    }
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args,
      acceptDownloads: true,
      env: chromiumEnv(options.lang),
    });
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    return new ExtensionBrowser(context, serviceWorker, userDataDir, ownsProfile, options);
  }

  /**
   * A browser restart: closes this browser keeping its profile and launches the same build on it
   * again. The new browser removes the profile on close if this one would have.
   */
  async restart(): Promise<ExtensionBrowser> {
    await this.context.close();
    const next = await ExtensionBrowser.launch({ ...this.options, userDataDir: this.userDataDir });
    return new ExtensionBrowser(next.context, next.serviceWorker, next.userDataDir, this.ownsProfile, this.options);
  }

  pageUrl(name: ExtensionPageName): string {
    return `chrome-extension://${this.extensionId}/${name}.html`;
  }

  async open(name: ExtensionPageName): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(this.pageUrl(name));
    return page;
  }

  /** The service worker as it is now (it may have been restarted since launch). */
  async currentServiceWorker(): Promise<Worker> {
    return this.latestWorker;
  }

  /**
   * Stops the extension's service worker as Chrome does when it idles, then wakes it with a
   * message from the popup, and returns the new instance.
   */
  async restartServiceWorker(): Promise<Worker> {
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    const ours = `chrome-extension://${this.extensionId}/`;
    const reaches = (status: string) =>
      new Promise<void>((resolve) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(ours) && v.runningStatus === status)) resolve();
        }),
      );
    await cdp.send('ServiceWorker.enable');
    const stopped = reaches('stopped');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    const running = reaches('running');
    await page.goto(this.pageUrl('popup'));
    await running;
    await page.close();
    // Playwright keeps the same Worker object for the restarted instance (or reports a new one).
    return this.latestWorker;
  }

  async close({ keepProfile = false } = {}): Promise<void> {
    await this.context.close();
    if (this.ownsProfile && !keepProfile) rmSync(this.userDataDir, { recursive: true, force: true });
  }
}
