import { AccountServer } from '../test/e2e/account-server';
import { buildWithLocalServerAccess } from '../test/e2e/build-copy';
import { ExtensionBrowser } from '../test/e2e/extension-browser';
import { createCode, saveCredentials } from '../test/e2e/pages';
import { SECOND_APP_ID, SECOND_APP_SECRET, TEST_APP_ID, WechatStandIn } from '../test/e2e/wechat-stand-in';

const lang = process.argv[2] ?? 'zh-CN';
const zh = lang.startsWith('zh');
const OUT = `/tmp/pages-shots/${lang}-`;
const standIn = await new WechatStandIn().start();
const server = await new AccountServer().start();
const copy = buildWithLocalServerAccess('scene-qr-shots-');
const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port, extensionDir: copy.dir, lang });
try {
  const options = await browser.open('options');
  await options.setViewportSize({ width: 800, height: 760 });
  await options.locator('input[name=accountName]').fill(zh ? '国贸门店号' : 'Guomao store');
  await saveCredentials(options);
  await options.locator('.accounts > button.link').click();
  await options.locator('input[name=accountName]').fill(zh ? '品牌总部号' : 'Brand HQ');
  await saveCredentials(options, SECOND_APP_ID, SECOND_APP_SECRET);
  await options.locator('input[name=pushUrl]').fill(server.url);
  await options.locator('input[name=pushToken]').fill(server.token);
  await options.locator('input[name=originalId]').fill('gh_0123456789ab');
  await options.locator('form.push-server button[type=submit]').click();
  await options.locator('form.push-server [role=status]').waitFor();
  await options.locator('input[name=originalId]').fill('gh_edited');
  await options.locator('.account-list tr').nth(1).locator('.account-actions button').first().click();
  await options.getByTestId('push-server-held').waitFor();
  await options.screenshot({ path: `${OUT}options.png`, fullPage: true });
  await options.locator('.push-server-section').screenshot({ path: `${OUT}options-push.png` });

  const popup = await browser.open('popup');
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.locator('select[name=account]').selectOption({ index: 0 });
  await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'store-guomao', label: zh ? '国贸店海报' : 'Guomao poster' });
  await createCode(popup, { actionName: 'QR_LIMIT_SCENE', scene: '1001', label: zh ? '销售 王芳' : 'Sales Wang' });
  await popup.locator('select[name=account]').selectOption({ index: 1 });
  await createCode(popup, { actionName: 'QR_STR_SCENE', scene: 'hq-spring', label: zh ? '总部春季' : 'HQ spring' });
  await popup.locator('select[name=account]').selectOption({ index: 0 });
  await popup.locator('[data-testid=recent-list]').waitFor();
  await popup.screenshot({ path: `${OUT}popup.png`, fullPage: true });

  const sw = await browser.currentServiceWorker();
  const now = Date.now();
  await sw.evaluate(
    (value) =>
      new Promise<void>((resolve) => {
        const open = indexedDB.open('scene-qr');
        open.onsuccess = () => {
          const tx = open.result.transaction('codes', 'readwrite');
          tx.objectStore('codes').add(value);
          tx.oncomplete = () => resolve();
        };
      }),
    { id: 'gone', appId: TEST_APP_ID, actionName: 'QR_STR_SCENE', scene: 'gone-scene', label: zh ? '失效票据' : 'Gone ticket', ticket: 'gQH+/unknown==', url: 'http://weixin.qq.com/q/unknown', expireSeconds: 86400, createdAt: now, expiresAt: now + 86_400_000 },
  );
  const history = await browser.open('codes');
  await history.setViewportSize({ width: 1200, height: 900 });
  await history.locator('.code-row .row-main', { hasText: zh ? '失效票据' : 'Gone ticket' }).click();
  await history.locator('[data-testid=code-detail] .actions button').first().click();
  await history.locator('[data-testid=code-detail] [role=alert]').nth(1).waitFor();
  await history.screenshot({ path: `${OUT}history.png` });
} finally {
  await browser.close();
  await server.stop();
  await standIn.stop();
  copy.remove();
}
