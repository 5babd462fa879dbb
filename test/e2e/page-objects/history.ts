import type { ExtensionBrowser } from '../support/extension-browser';
import { Screen } from './screen';

/** The history page (codes.html): the list of codes made, its filters, exports and imports. */
export class HistoryPage extends Screen {
  /** Opens the page and waits until it has counted the codes. */
  static async open(browser: ExtensionBrowser): Promise<HistoryPage> {
    const history = new HistoryPage(await browser.open('codes'));
    await history.page.locator('[data-testid=history-count]').filter({ hasText: /\d/ }).waitFor();
    return history;
  }

  shownScenes(): Promise<string[]> {
    return this.page.locator('.code-row .row-scene').allInnerTexts();
  }

  count(): Promise<string> {
    return this.page.locator('[data-testid=history-count]').innerText();
  }

  /** Clicks the button of this name and returns the downloaded file's path. */
  downloadBy(button: string): Promise<string> {
    return this.download(() => this.page.getByRole('button', { name: button }).click());
  }

  /** Opens a code's detail by its scene and unfolds the scan preview (test pushes). */
  async openScanPreview(scene: string): Promise<void> {
    await this.page.locator('.code-row .row-main', { hasText: scene }).first().click();
    await this.page.locator('.scan-preview summary').click();
  }
}
