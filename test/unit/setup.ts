import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach } from 'vitest';
import zhMessages from '../../public/_locales/zh_CN/messages.json';

type Messages = Record<string, { message: string }>;

/**
 * WXT's fake browser has no i18n: answer getMessage from the zh_CN locale the way Chrome does
 * ($1…$9 replaced by the substitutions, "" for an unknown key), so tests read real UI strings.
 */
function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = (zhMessages as Messages)[key];
  if (!entry) return '';
  const values = substitutions === undefined ? [] : ([] as string[]).concat(substitutions);
  return entry.message.replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '');
}

fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;

beforeEach(async () => {
  fakeBrowser.reset();
  // The reset empties storage and drops listeners behind the worker-memory values' back. Imported
  // here, not above: loaded before WXT's fake browser is in place, wxt/utils/storage finds no browser.
  const { forgetMemoizedStorage } = await import('../../utils/storage/memo');
  forgetMemoizedStorage();
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
});
