/**
 * Sync's screens (issue #14) in zh_CN and en, from the built extension against a private Apache
 * mod_dav: `npm run build && node --import tsx scripts/sync-screenshots.ts`. The copy of the build
 * may reach 127.0.0.1 (build-copy.ts), as after the operator allowed the server's origin.
 */
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { buildWithLocalServerAccess } from '../test/e2e/support/build-copy';
import { saveCredentials } from '../test/e2e/page-objects/compat';
import { ApacheWebDav } from '../test/stand-ins/apache-webdav';
import { WechatStandIn } from '../test/stand-ins/wechat-stand-in';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;

const standIn = await new WechatStandIn().start();
const apache = await ApacheWebDav.start();
const copy = buildWithLocalServerAccess();
try {
  for (const lang of ['zh-CN', 'en']) {
    const suffix = lang === 'en' ? '-en' : '';
    const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, extensionDir: copy.dir, lang });
    try {
      const options = await browser.open('options');
      await options.setViewportSize({ width: 800, height: 760 });
      await saveCredentials(options);
      const form = options.locator('form.sync-settings[aria-busy=false]');
      await form.waitFor();
      await form.locator('input[name=webdavUrl]').fill(apache.url);
      await form.locator('input[name=webdavUser]').fill(apache.user);
      await form.locator('input[name=webdavPassword]').fill(apache.password);
      await form.locator('input[name=syncPassphrase]').fill('team-words-7q');
      await form.locator('button[type=button]').first().click();
      await options.locator('[data-testid=sync-check]').waitFor();
      await options.locator('.sync-section').screenshot({ path: `${OUT}sync-settings${suffix}.png` });
      await form.locator('button[type=submit]').click();
      await options.locator('[data-testid=webdavPassword-stored]').waitFor();
      await options.locator('.sync-section').screenshot({ path: `${OUT}sync-settings-saved${suffix}.png` });

      const popup = await browser.open('popup');
      await popup.setViewportSize({ width: 360, height: 600 });
      await popup.locator('[data-testid=sync-status]').waitFor();
      await popup.screenshot({ path: `${OUT}sync-popup${suffix}.png`, fullPage: true });

      const history = await browser.open('codes');
      await history.setViewportSize({ width: 1000, height: 500 });
      await history.locator('[data-testid=sync-status]').waitFor();
      await history.screenshot({ path: `${OUT}sync-history${suffix}.png` });
    } finally {
      await browser.close();
    }
  }
} finally {
  copy.remove();
  await apache.dispose();
  await standIn.stop();
}
