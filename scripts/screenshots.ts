/**
 * Takes the README's screenshots from the built extension against the local WeChat stand-in:
 * `npm run build && npm run screenshots`. Needs Debian's chromium, chromium-l10n and fonts-noto-cjk.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { createCode, fillAndSubmit, saveCredentials } from '../test/e2e/page-objects/compat';
import { generateFollowers } from '../test/stand-ins/follower-base';
import { SECOND_APP_ID, SECOND_APP_SECRET, WechatStandIn } from '../test/stand-ins/wechat-stand-in';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;

const standIn = await new WechatStandIn().start();
const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port });
try {
  const popup = await browser.open('popup');
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.getByText('尚未设置公众号').waitFor();
  await popup.screenshot({ path: `${OUT}popup-no-account.png`, fullPage: true });

  const options = await browser.open('options');
  await options.setViewportSize({ width: 800, height: 760 });
  await options.locator('input[name=accountName]').fill('国贸门店号');
  await saveCredentials(options);
  await options.getByRole('button', { name: '添加公众号' }).click();
  await options.locator('input[name=accountName]').fill('品牌总部号');
  await options.locator('input[name=appId]').fill(SECOND_APP_ID);
  await options.locator('input[name=appSecret]').fill(SECOND_APP_SECRET);
  await options.locator('form.credentials button[type=submit]').click();
  await options.locator('form.credentials [role=status]').waitFor();
  await options.locator('.account-list tr', { hasText: '国贸门店号' }).getByRole('button', { name: '编辑' }).click();
  await options.getByRole('button', { name: '测试连接' }).click();
  await options.locator('form.credentials [role=status]').waitFor();
  await options.screenshot({ path: `${OUT}options.png`, fullPage: true });

  await popup.reload();
  await popup.locator('select[name=actionName]').waitFor();
  await popup.screenshot({ path: `${OUT}popup-empty.png`, fullPage: true });
  await fillAndSubmit(popup, { actionName: 'QR_STR_SCENE', scene: '国贸店春季海报活动二维码专用场景值二零二六年十一月' });
  await popup.locator('[role=alert]').waitFor();
  await popup.screenshot({ path: `${OUT}popup-invalid.png`, fullPage: true });
  await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'store-guomao', label: '国贸店海报', expireSeconds: '2592000' });
  await popup.locator('img.qr-image').evaluate((img: HTMLImageElement) => img.decode());
  await popup.screenshot({ path: `${OUT}popup-result.png`, fullPage: true });

  // The window "QR for this link param" opens, as the context-menu handler builds it.
  const sw = await browser.currentServiceWorker();
  const opened = browser.context.waitForEvent('page', (page) => page.url().includes('/create.html'));
  await sw.evaluate(() =>
    (globalThis as unknown as { chrome: { contextMenus: { onClicked: { dispatch(info: object): void } } } }).chrome.contextMenus.onClicked.dispatch({
      menuItemId: 'scene-qr-link-param',
      editable: false,
      linkUrl: 'https://shop.example.com/landing?utm_source=wx&channel=spring-fair',
    }),
  );
  const createWindow = await opened;
  await createWindow.setViewportSize({ width: 440, height: 640 });
  await createWindow.locator('input[name=sceneStr]').waitFor();
  await createWindow.screenshot({ path: `${OUT}context-menu-window.png`, fullPage: true });
  await createWindow.keyboard.press('Enter');
  await createWindow.locator('[data-testid=result]').waitFor();
  await createCode(popup, { actionName: 'QR_LIMIT_SCENE', scene: '1001', label: '销售 王芳' });
  await createCode(popup, { actionName: 'QR_SCENE', scene: '20261123', label: '双十二传单', expireSeconds: '86400' });

  const history = await browser.context.newPage();
  await history.setViewportSize({ width: 1200, height: 640 });
  await history.goto(`chrome-extension://${browser.extensionId}/codes.html`);
  await history.locator('.code-row').first().waitFor();
  await history.locator('.code-row .row-main').nth(1).click();
  await history.locator('[data-testid=code-detail] img.qr-large').evaluate((img: HTMLImageElement) => img.decode());
  await history.screenshot({ path: `${OUT}history.png` });
  await history.locator('.scan-preview summary').click();
  await history.setViewportSize({ width: 1200, height: 1400 });
  await history.locator('.scan-preview').screenshot({ path: `${OUT}scan-preview.png` });

  // Batch: the preview of pasted lines (with a duplicate and an over-long scene), then a finished run.
  const batch = await browser.open('batch');
  await batch.setViewportSize({ width: 1000, height: 900 });
  await batch.getByLabel('粘贴列表').check();
  const shops = ['徐汇店', '静安店', '浦东店', '虹口店', '长宁店', '杨浦店'];
  const lines = [...shops.map((shop, i) => `store-${String(i + 1).padStart(3, '0')},${shop}`), 'store-002,静安店（重复）', `${'超长场景值'.repeat(5)},无效`];
  await batch.locator('textarea[name=pasted]').fill(lines.join('\n'));
  await batch.getByTestId('batch-summary').waitFor();
  await batch.screenshot({ path: `${OUT}batch-preview.png`, fullPage: true });
  await batch.getByRole('button', { name: /开始生成/ }).click();
  await batch.locator('#batch-run-title[data-status=done]').waitFor();
  await batch.locator('.batch-zip').waitFor();
  await batch.screenshot({ path: `${OUT}batch-done.png`, fullPage: true });
  await batch.locator('select[name=zipFormat]').selectOption('430');
  const [zip] = await Promise.all([batch.waitForEvent('download'), batch.getByRole('button', { name: /的 ZIP/ }).click()]);
  const files = unzipSync(readFileSync(await zip.path()));
  writeFileSync(`${OUT}batch-caption.png`, files['徐汇店-store-001.png']!);

  // The channel report: a few more codes, a generated follower base that came by them, one refresh.
  const more = [
    ['store-sanlitun', '三里屯店海报'],
    ['store-xidan', '西单店海报'],
    ['wx-article-1121', '公众号文章《冬季新品》'],
    ['expo-booth', '展会展位易拉宝'],
    ['flyer-campus', '校园传单'],
  ] as const;
  for (const [scene, label] of more) await createCode(popup, { actionName: 'QR_LIMIT_STR_SCENE', scene, label });
  standIn.setFollowers(
    generateFollowers({
      count: 48_000,
      seed: 11,
      scenes: { sceneStr: ['store-guomao', ...more.map(([scene]) => scene), 'spring-fair', 'old-campaign-2024'], sceneId: [1001, 20261123] },
      unfollowedShare: 0.02,
      noSceneShare: 0.35,
      now: Date.now(),
    }),
  );
  const report = await browser.context.newPage();
  await report.setViewportSize({ width: 1100, height: 900 });
  await report.goto(`chrome-extension://${browser.extensionId}/report.html`);
  await report.locator('button[name=start]').click();
  await report.locator('[data-testid=report-confirm]').waitFor();
  await report.locator('.report-refresh').screenshot({ path: `${OUT}report-confirm.png` });
  await report.locator('button[name=resume]').click();
  await report.locator('.report-body').waitFor({ timeout: 60_000 });
  await report.screenshot({ path: `${OUT}report.png`, fullPage: true });
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await standIn.stop();
}
