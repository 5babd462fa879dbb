/**
 * The loose helpers of the old test/e2e/pages.ts, now each a call on its screen's page object: kept
 * for suites written before the move (new suites use the page objects).
 */
import type { Page } from 'playwright-core';
import { OptionsPage } from './options';
import { type CodeInput, PopupPage } from './popup';

export type { CodeInput } from './popup';
export { alertText } from './screen';
export { historyRecords, localStorageText } from '../support/extension-state';

export const saveCredentials = (options: Page, appId?: string, appSecret?: string) => new OptionsPage(options).saveCredentials(appId, appSecret);
export const turnOnLock = (options: Page, passphrase: string) => new OptionsPage(options).turnOnLock(passphrase);
export const submitUnlock = (options: Page, passphrase: string) => new OptionsPage(options).submitUnlock(passphrase);
export const fillAndSubmit = (popup: Page, input: CodeInput) => new PopupPage(popup).fillAndSubmit(input);
export const createCode = (popup: Page, input: CodeInput) => new PopupPage(popup).createCode(input);
export const popupShell = (popup: Page) => new PopupPage(popup).shell();
