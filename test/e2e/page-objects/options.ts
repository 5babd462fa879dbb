import { TEST_APP_ID, TEST_APP_SECRET } from '../../stand-ins/wechat-stand-in';
import type { ExtensionBrowser } from '../support/extension-browser';
import { Screen } from './screen';

/** The options page: accounts, the passphrase lock, the push server, the context menu. */
export class OptionsPage extends Screen {
  static async open(browser: ExtensionBrowser): Promise<OptionsPage> {
    return new OptionsPage(await browser.open('options'));
  }

  /** Fills the account form with an AppID and AppSecret, saves, and waits until the secret is stored. */
  async saveCredentials(appId = TEST_APP_ID, appSecret = TEST_APP_SECRET): Promise<void> {
    await this.page.locator('input[name=appId]').fill(appId);
    await this.page.locator('input[name=appSecret]').fill(appSecret);
    await this.page.locator('form.credentials button[type=submit]').click();
    await this.page.locator('[data-testid=secret-stored]').waitFor();
  }

  /** Opens the form for another account, lets `fill` fill it, saves, and waits for "已保存". */
  async addAccount(fill: (options: OptionsPage) => Promise<void>): Promise<void> {
    await this.page.getByRole('button', { name: '添加公众号' }).click();
    await fill(this);
    await this.submitAccount();
  }

  /** Saves the account form as it is filled and waits for "已保存". */
  async submitAccount(): Promise<void> {
    await this.page.locator('form.credentials button[type=submit]').click();
    await this.page.locator('form.credentials [role=status]').getByText('已保存').waitFor();
  }

  /** The account list's row for the account of this name, e.g. to press 编辑 or 设为当前 in it. */
  accountRow(name: string) {
    return this.page.locator('.account-list tr', { hasText: name });
  }

  /** Picks how the account gets its token (classic shows its warning first) and saves the account. */
  async chooseTokenSource(source: 'stable' | 'classic'): Promise<void> {
    await this.page.locator(`input[name=tokenSource][value=${source}]`).check();
    if (source === 'classic') await this.page.getByText('警告：每次调用普通接口').waitFor();
    await this.page.locator('form.credentials button[type=submit]').click();
    await this.page.getByRole('status').getByText('已保存').waitFor();
  }

  async testConnection(): Promise<void> {
    await this.page.getByRole('button', { name: '测试连接' }).click();
  }

  /** Turns the passphrase lock on and waits until it says so. */
  async turnOnLock(passphrase: string): Promise<void> {
    await this.page.locator('input[name=passphrase]').fill(passphrase);
    await this.page.locator('input[name=confirmPassphrase]').fill(passphrase);
    await this.page.getByRole('button', { name: '开启口令锁' }).click();
    await this.page.getByTestId('lock-state').getByText('已开启，已解锁').waitFor();
  }

  /** Enters the passphrase in the lock section and presses 解锁 (it may be refused). */
  async submitUnlock(passphrase: string): Promise<void> {
    await this.page.locator('input[name=currentPassphrase]').fill(passphrase);
    await this.page.getByRole('button', { name: '解锁' }).click();
  }

  /** Saves the account's own server (test pushes) and waits for "已保存". */
  async saveServer(url: string, token: string, originalId = 'gh_0123456789ab'): Promise<void> {
    await this.page.locator('input[name=pushUrl]').fill(url);
    await this.page.locator('input[name=pushToken]').fill(token);
    await this.page.locator('input[name=originalId]').fill(originalId);
    await this.page.getByRole('button', { name: '保存服务器配置' }).click();
    await this.page.locator('form.push-server [role=status]').getByText('已保存').waitFor();
  }

  /** Saves the context menu's settings and waits for "已保存". */
  async saveMenuSettings(settings: { actionName?: string; immediate?: boolean }): Promise<void> {
    if (settings.actionName) await this.page.locator('select[name=menuActionName]').selectOption(settings.actionName);
    await this.page.locator('input[name=createImmediately]').setChecked(settings.immediate ?? false);
    await this.page.getByRole('button', { name: '保存右键菜单设置' }).click();
    await this.page.getByRole('status').getByText('已保存').waitFor();
  }
}
