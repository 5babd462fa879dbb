/**
 * The tagging screens (issue #16) in Chinese and English, from the built extension against the local
 * WeChat stand-in: `npm run build && node --import tsx scripts/tagging-screenshots.ts`. The report page's
 * tagging panel set up with a rule, the exact preview before Start, and a finished run.
 */
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { createCode, saveCredentials } from '../test/e2e/page-objects/compat';
import { generateFollowers } from '../test/stand-ins/follower-base';
import { WechatStandIn } from '../test/stand-ins/wechat-stand-in';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;

for (const lang of ['zh-CN', 'en']) {
  const suffix = lang === 'en' ? '-en' : '';
  const zh = lang !== 'en';
  const standIn = await new WechatStandIn().start();
  const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, lang });
  try {
    const options = await browser.open('options');
    await saveCredentials(options);
    await options.close();
    const popup = await browser.open('popup');
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'store-guomao', label: zh ? '门店 国贸' : 'Store Guomao' });
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'store-wangjing', label: zh ? '门店 望京' : 'Store Wangjing' });
    await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'hq-lobby', label: zh ? '总部大堂' : 'HQ lobby' });
    await popup.close();
    standIn.setFollowers(
      generateFollowers({
        count: 5000,
        seed: 7,
        scenes: { sceneStr: ['store-guomao', 'hq-lobby', 'store-wangjing'] },
        unfollowedShare: 0.02,
        noSceneShare: 0.3,
        now: Date.now(),
      }),
    );
    standIn.tagBase.add(zh ? '老顾客' : 'Regulars');

    const report = await browser.open('report');
    await report.setViewportSize({ width: 1000, height: 900 });
    await report.locator('button[name=start]').click();
    await report.locator('button[name=resume]').click();
    await report.locator('.report-body').waitFor({ timeout: 60_000 });
    await report.locator('input[name=tagPrefix]').fill('store-');
    await report.locator('input[name=newTagName]').fill(zh ? '门店粉丝' : 'Store followers');
    await report.locator('button[name=createTag]').click();
    await report.locator('select[name=tagId] option:checked', { hasText: zh ? '门店粉丝' : 'Store followers' }).waitFor({ state: 'attached' });
    await report.locator('input[name=groupName]').fill(zh ? '全部门店' : 'All stores');
    await report.locator('[data-testid=tagging-estimate]').waitFor();
    await report.locator('.tagging').screenshot({ path: `${OUT}tagging-setup${suffix}.png` });
    await report.locator('.tagging-setup button[type=submit]').click();
    await report.locator('.tagging-run[data-phase=confirm]').waitFor({ timeout: 60_000 });
    await report.locator('.tagging-run').screenshot({ path: `${OUT}tagging-preview${suffix}.png` });
    await report.locator('button[name=confirmTagging]').click();
    await report.locator('.tagging-run[data-phase=done]').waitFor({ timeout: 60_000 });
    await report.locator('.tagging').screenshot({ path: `${OUT}tagging-done${suffix}.png` });
  } finally {
    await browser.close();
    await standIn.stop();
  }
}
