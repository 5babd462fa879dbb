import type { ExtensionBrowser } from '../support/extension-browser';
import { Screen } from './screen';

/** The batch page: a pasted list or a numbered range, its preview, the run and the ZIP. */
export class BatchPage extends Screen {
  static async open(browser: ExtensionBrowser): Promise<BatchPage> {
    return new BatchPage(await browser.open('batch'));
  }

  /** Pastes lines ("scene,label") into the list. */
  async paste(lines: string[]): Promise<void> {
    await this.page.getByLabel('粘贴列表').check();
    await this.page.locator('textarea[name=pasted]').fill(lines.join('\n'));
  }

  summary(): Promise<string> {
    return this.page.getByTestId('batch-summary').innerText();
  }

  async start(count: number): Promise<void> {
    await this.page.getByRole('button', { name: `开始生成 ${count} 个` }).click();
  }

  counts(): Promise<string> {
    return this.page.locator('[data-testid=batch-counts]').innerText();
  }

  /** How many codes the run says it has made, or -1 before it says. */
  async doneCount(): Promise<number> {
    return Number(/已生成 (\d+)/.exec(await this.counts())?.[1] ?? -1);
  }

  /** The run's state: running, paused, done, cancelled… */
  status(): Promise<string | null> {
    return this.page.locator('#batch-run-title').getAttribute('data-status');
  }
}
