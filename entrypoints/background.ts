import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackgroundHandlers } from '@/utils/background-handlers';
import { handleContextMenuClick, registerContextMenu } from '@/utils/context-menu';
import { createMessageRouter } from '@/utils/message-router';

export default defineBackground(() => {
  const handlers = createBackgroundHandlers();
  browser.runtime.onMessage.addListener(createMessageRouter(handlers));
  browser.runtime.onInstalled.addListener(() => void registerContextMenu());
  browser.runtime.onStartup.addListener(() => void registerContextMenu());
  browser.contextMenus.onClicked.addListener((info) => void handleContextMenuClick(info, handlers.createQrCode));
});
