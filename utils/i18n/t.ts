import { browser } from 'wxt/browser';

/** Every key of the locale files; zh_CN is the default locale and the reference for the keys. */
export type MessageKey = keyof typeof import('@/public/_locales/zh_CN/messages.json');

/** A UI string from _locales; $1…$9 in the message are filled from `substitutions`. */
export function t(key: MessageKey, substitutions?: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
