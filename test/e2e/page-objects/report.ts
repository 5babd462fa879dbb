import type { ExtensionBrowser } from '../support/extension-browser';
import { Screen } from './screen';

const number = (text: string) => Number(text.replace(/[^\d]/g, ''));

/** The channel report: which code brought how many followers, its refresh, chart, table and CSV. */
export class ReportPage extends Screen {
  /** Opens the page and waits for its refresh section. */
  static async open(browser: ExtensionBrowser): Promise<ReportPage> {
    const report = new ReportPage(await browser.open('report'));
    await report.page.locator('.report-refresh').waitFor();
    return report;
  }

  /** The refresh's state: none, running, quota… */
  status(): Promise<string | null> {
    return this.page.locator('.report-refresh').getAttribute('data-status');
  }

  /** Followers read so far, from "已读取 N / M 位粉丝". */
  async followersRead(): Promise<number> {
    return number((await this.page.locator('[data-testid=report-progress]').innerText()).split('/')[0]!);
  }

  /** The followers column of the row for a key (`str:`/`id:` + scene, `elsewhere`, `other`). */
  async rowFollowers(key: string): Promise<number> {
    return number(await this.page.locator(`tr[data-key="${key}"] td.followers`).innerText());
  }

  /** The table's row keys in the order shown. */
  rowKeys(): Promise<(string | null)[]> {
    return this.page.locator('tbody tr.report-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));
  }
}
