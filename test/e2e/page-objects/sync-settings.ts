import type { ExtensionBrowser } from '../support/extension-browser';
import { Screen } from './screen';

export interface SyncFormValues {
  url: string;
  user: string;
  password: string;
  root?: string;
  passphrase?: string;
}

/** The options page's sync section (同步与备份（WebDAV）). */
export class SyncSettingsSection extends Screen {
  static async open(browser: ExtensionBrowser): Promise<SyncSettingsSection> {
    const section = new SyncSettingsSection(await browser.open('options'));
    // The form is usable once the stored settings arrived.
    await section.page.locator('form.sync-settings[aria-busy=false]').waitFor();
    return section;
  }

  async fill(values: SyncFormValues): Promise<void> {
    const form = this.page.locator('form.sync-settings');
    await form.locator('input[name=webdavUrl]').fill(values.url);
    await form.locator('input[name=webdavUser]').fill(values.user);
    await form.locator('input[name=webdavPassword]').fill(values.password);
    if (values.root !== undefined) await form.locator('input[name=webdavRoot]').fill(values.root);
    if (values.passphrase !== undefined) await form.locator('input[name=syncPassphrase]').fill(values.passphrase);
  }

  /** Presses 测试 and waits for its steps (or an error). */
  async test(): Promise<void> {
    await this.page.locator('form.sync-settings').getByRole('button', { name: '测试' }).click();
    await this.page.locator('[data-testid=sync-check], .sync-section [role=alert]').first().waitFor();
  }

  stepResults(): Promise<Record<string, string>> {
    return this.page
      .locator('[data-testid=sync-check] li')
      .evaluateAll((items) => Object.fromEntries(items.map((item) => [item.getAttribute('data-step'), item.getAttribute('data-result')])));
  }

  /** Presses 保存 and waits for 已保存 (or an error). */
  async save(): Promise<void> {
    await this.page.locator('form.sync-settings').getByRole('button', { name: '保存' }).click();
    await this.page.locator('.sync-section [role=status], .sync-section [role=alert], .sync-section .field-error').first().waitFor();
  }
}
