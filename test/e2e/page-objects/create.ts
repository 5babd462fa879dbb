import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../support/extension-browser';
import { type CodeInput, fillCodeForm } from './popup';
import { Screen } from './screen';

/** The context menu's page (create.html): the code form prefilled from the link, page or selection. */
export class CreatePage extends Screen {
  /** The page a click on the menu item opens, once it has loaded. */
  static async opened(browser: ExtensionBrowser, click: () => Promise<unknown>): Promise<CreatePage> {
    const opening = browser.context.waitForEvent('page', (page: Page) => page.url().includes('/create.html'));
    await click();
    const page = await opening;
    await page.waitForLoadState();
    return new CreatePage(page);
  }

  actionName(): Promise<string> {
    return this.page.locator('select[name=actionName]').inputValue();
  }

  async fillAndSubmit(input: CodeInput): Promise<void> {
    await fillCodeForm(this.page, input);
  }
}
