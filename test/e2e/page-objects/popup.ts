import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, type ExtensionBrowser } from '../support/extension-browser';
import { Screen } from './screen';

export interface CodeInput {
  actionName: 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';
  scene: string;
  expireSeconds?: string;
  label?: string;
}

/** The popup (popup.html): one code at a time, by the form's stable field names. */
export class PopupPage extends Screen {
  static async open(browser: ExtensionBrowser): Promise<PopupPage> {
    return new PopupPage(await browser.open('popup'));
  }

  /** Fills the form and submits it with Enter, as a keyboard user would. */
  async fillAndSubmit(input: CodeInput): Promise<void> {
    await fillCodeForm(this.page, input);
  }

  /** Creates a code and waits for the result card showing its scene. */
  async createCode(input: CodeInput): Promise<void> {
    await this.fillAndSubmit(input);
    await this.page.locator('[data-testid=result] .scene').filter({ hasText: input.scene }).waitFor();
  }

  /** Picks the account by the label the select shows ("name (appId)"). */
  async selectAccount(label: string): Promise<void> {
    await this.page.locator('select[name=account]').selectOption({ label });
  }

  selectedAccount(): Promise<string> {
    return this.page.locator('select[name=account] option:checked').innerText();
  }

  /**
   * The static header as the built popup.html has it before any script runs: its markup, whether
   * the stylesheet is asked for before the scripts (else nothing paints until they are loaded too),
   * and the title Chrome's __MSG_ substitution in the stylesheet gives it, read in the live popup.
   */
  async shell(): Promise<{ markup: string; stylesheetFirst: boolean; title: string }> {
    const html = readFileSync(join(EXTENSION_DIR, 'popup.html'), 'utf8');
    const markup = /<div id="app">(.*?)<\/div>/.exec(html)?.[1] ?? '';
    const stylesheetFirst = html.indexOf('<link rel="stylesheet"') >= 0 && html.indexOf('<link rel="stylesheet"') < html.indexOf('<script');
    const title = await this.page.evaluate(() => {
      const probe = document.createElement('h1');
      probe.className = 'popup-shell-title';
      document.body.append(probe);
      const content = getComputedStyle(probe, '::before').content;
      probe.remove();
      return content;
    });
    return { markup, stylesheetFirst, title };
  }
}

/** The code form, shared by the popup and the context menu's create page. */
export async function fillCodeForm(page: Page, input: CodeInput): Promise<void> {
  await page.locator('select[name=actionName]').selectOption(input.actionName);
  const sceneField = input.actionName.includes('STR') ? 'sceneStr' : 'sceneId';
  if (input.expireSeconds !== undefined) await page.locator('input[name=expireSeconds]').fill(input.expireSeconds);
  await page.locator('input[name=label]').fill(input.label ?? '');
  await page.locator(`input[name=${sceneField}]`).fill(input.scene);
  await page.locator(`input[name=${sceneField}]`).press('Enter');
}
