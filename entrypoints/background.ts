import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackgroundHandlers, createDefaultWechatClient } from '@/utils/background-handlers';
import { handleContextMenuClick, registerContextMenu } from '@/utils/context-menu';
import { createMessageRouter } from '@/utils/message-router';
import { createBackgroundRefresher } from '@/utils/report-handlers';

export default defineBackground(() => {
  const client = createDefaultWechatClient();
  const reports = createBackgroundRefresher(client);
  const handlers = createBackgroundHandlers(client, Date.now, reports);
  browser.runtime.onMessage.addListener(createMessageRouter(handlers));
  browser.runtime.onInstalled.addListener(() => void registerContextMenu());
  browser.runtime.onStartup.addListener(() => void registerContextMenu());
  browser.contextMenus.onClicked.addListener((info) => void handleContextMenuClick(info, handlers.createQrCode));
  // A channel report refresh that was running when Chrome stopped this worker continues now (issue #8).
  void reports.resumeUnfinished();
});
