/**
 * The check-up's screens (issue #15) in Chinese and English, from the built extension against the local
 * WeChat stand-in: `npm run build && node --import tsx scripts/checkup-screenshots.ts`. A healthy
 * check-up, one with the whitelist failing, the popup's notice and its check-again, the batch's quota question and 查询详情.
 */
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { saveCredentials } from '../test/e2e/page-objects/compat';
import { TEST_APP_ID, WechatStandIn } from '../test/stand-ins/wechat-stand-in';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
const CREATE = '/cgi-bin/qrcode/create';

for (const lang of ['zh-CN', 'en']) {
  const suffix = lang === 'en' ? '-en' : '';
  const zh = lang !== 'en';
  const standIn = await new WechatStandIn().start();
  const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, lang });
  try {
    const options = await browser.open('options');
    await options.setViewportSize({ width: 820, height: 900 });
    await options.locator('input[name=accountName]').fill(zh ? '国贸门店号' : 'Guomao store');
    await saveCredentials(options);
    standIn.diagnostics.setUsed(CREATE, 1_240);
    await options.locator(`button[data-checkup="${TEST_APP_ID}"]`).click();
    await options.locator('.checkup[aria-busy=false] .checkup-lines').waitFor();
    await options.locator('.checkup').screenshot({ path: `${OUT}checkup${suffix}.png` });

    standIn.setIpWhitelist(['10.9.9.9']);
    await options.locator(`button[data-checkup="${TEST_APP_ID}"]`).click();
    await options.locator('.checkup[aria-busy=false] .checkup-bad').waitFor();
    await options.locator('.checkup').screenshot({ path: `${OUT}checkup-whitelist${suffix}.png` });

    const popup = await browser.open('popup');
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.locator('.checkup-notice').waitFor();
    await popup.screenshot({ path: `${OUT}checkup-popup${suffix}.png`, fullPage: true });
    standIn.setIpWhitelist(undefined);
    await popup.locator('button.checkup-again').click();
    await popup.locator('.checkup-notice-cleared').waitFor();
    await popup.screenshot({ path: `${OUT}checkup-popup-cleared${suffix}.png`, fullPage: true });

    const batch = await browser.open('batch');
    await batch.setViewportSize({ width: 820, height: 900 });
    standIn.diagnostics.setUsed(CREATE, 100_000 - 150);
    await batch.locator('input[type=radio][value=paste]').check();
    await batch.locator('textarea[name=pasted]').fill(Array.from({ length: 200 }, (_, i) => `poster-${i + 1},${zh ? '海报' : 'Poster'} ${i + 1}`).join('\n'));
    await batch.locator('form.batch-setup button[type=submit]').click();
    await batch.getByRole('alertdialog').waitFor();
    await batch.getByRole('alertdialog').screenshot({ path: `${OUT}checkup-batch-quota${suffix}.png` });

    standIn.diagnostics.setUsed(CREATE, 100_000);
    await popup.reload();
    await popup.locator('select[name=actionName]').selectOption('QR_STR_SCENE');
    await popup.locator('input[name=sceneStr]').fill('poster-spring');
    await popup.locator('form button[type=submit]').first().click();
    await popup.locator('[role=alert] button[name=rid-lookup]').click();
    await popup.locator('.rid-details').waitFor();
    await popup.setViewportSize({ width: 360, height: 900 });
    await popup.screenshot({ path: `${OUT}checkup-rid${suffix}.png`, fullPage: true });
  } finally {
    await browser.close();
    await standIn.stop();
  }
}
