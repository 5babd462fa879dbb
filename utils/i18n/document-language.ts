import { browser } from 'wxt/browser';

/** The page's lang follows the locale Chrome picked for the extension, so fonts and screen readers match the words. */
export function setDocumentLanguage(): void {
  const locale = browser.i18n.getMessage('@@ui_locale') || 'zh_CN';
  document.documentElement.lang = locale.startsWith('zh') ? 'zh-CN' : 'en';
  document.title = browser.i18n.getMessage('extName') || document.title;
}
