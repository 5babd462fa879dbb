import type { Page } from 'playwright-core';

/** What every screen of the extension has: its Playwright page and the alert it shows on failure. */
export abstract class Screen {
  constructor(readonly page: Page) {}

  /** The first alert's text, once one is shown. */
  async alertText(): Promise<string> {
    return alertText(this.page);
  }

  /** Clicks and returns the path of the download the click starts. */
  async download(click: () => Promise<unknown>): Promise<string> {
    const [file] = await Promise.all([this.page.waitForEvent('download'), click()]);
    return file.path();
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

export async function alertText(page: Page): Promise<string> {
  const alert = page.locator('[role=alert]').first();
  await alert.waitFor();
  return alert.innerText();
}
