import { WechatStandIn } from '../../stand-ins/wechat-stand-in';
import { OptionsPage } from '../page-objects/options';
import { buildWithLocalServerAccess } from './build-copy';
import { ExtensionBrowser, type LaunchOptions } from './extension-browser';

/**
 * The one setup every e2e suite starts from: a WeChat stand-in, the built extension in Chromium
 * pointed at it, and (unless told otherwise) the test account saved in the options page.
 */
export interface SuiteOptions extends Omit<LaunchOptions, 'wechatPort'> {
  /** Save the test account before the suite starts (default true). */
  account?: boolean;
  /**
   * Load a copy of the build that may already reach servers on 127.0.0.1 (a token server, the
   * account's own server): see build-copy.ts for why headless Chromium needs it.
   */
  localServerAccess?: boolean;
}

export interface Suite {
  standIn: WechatStandIn;
  browser: ExtensionBrowser;
  /** Another browser against the same stand-in (a plain build unless told), closed by `stop` too. */
  launchBrowser(options?: SuiteOptions): Promise<ExtensionBrowser>;
  /** Closes every browser the suite launched (restarted ones included: pass them), then the stand-in. */
  stop(...alsoClose: (ExtensionBrowser | undefined)[]): Promise<void>;
}

async function launchFor(standIn: WechatStandIn, options: SuiteOptions, cleanups: (() => void)[]): Promise<ExtensionBrowser> {
  const { account = true, localServerAccess = false, ...launch } = options;
  let extensionDir = launch.extensionDir;
  if (localServerAccess) {
    const copy = buildWithLocalServerAccess();
    cleanups.push(copy.remove);
    extensionDir = copy.dir;
  }
  const browser = await ExtensionBrowser.launch({ ...launch, extensionDir, wechatPort: standIn.port });
  if (account) {
    const options = await OptionsPage.open(browser);
    await options.saveCredentials();
    await options.page.close();
  }
  return browser;
}

export async function startSuite(options: SuiteOptions = {}): Promise<Suite> {
  const standIn = await new WechatStandIn().start();
  const cleanups: (() => void)[] = [];
  const browsers: ExtensionBrowser[] = [];
  const launchBrowser = async (more: SuiteOptions = {}) => {
    const browser = await launchFor(standIn, more, cleanups);
    browsers.push(browser);
    return browser;
  };
  const browser = await launchBrowser(options);
  return {
    standIn,
    browser,
    launchBrowser,
    async stop(...alsoClose) {
      // A restarted browser replaces the one launched here; closing an already closed one is a no-op.
      for (const open of new Set([...browsers, ...alsoClose])) await open?.close().catch(() => undefined);
      await standIn.stop();
      for (const cleanup of cleanups) cleanup();
    },
  };
}

/** The usual start of a suite, as suites written before `startSuite` call it. */
export async function startWithAccount(options: Omit<LaunchOptions, 'wechatPort'> = {}): Promise<{ standIn: WechatStandIn; browser: ExtensionBrowser }> {
  return startSuite(options);
}
