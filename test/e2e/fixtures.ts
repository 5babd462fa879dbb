import { ExtensionBrowser, type LaunchOptions } from './extension-browser';
import { saveCredentials } from './pages';
import { WechatStandIn } from './wechat-stand-in';

/** The usual start of a suite: a WeChat stand-in, the built extension pointed at it, and an account saved. */
export async function startWithAccount(options: Omit<LaunchOptions, 'wechatPort'> = {}): Promise<{ standIn: WechatStandIn; browser: ExtensionBrowser }> {
  const standIn = await new WechatStandIn().start();
  const browser = await ExtensionBrowser.launch({ ...options, wechatPort: standIn.port });
  const page = await browser.open('options');
  await saveCredentials(page);
  await page.close();
  return { standIn, browser };
}
