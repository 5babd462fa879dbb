import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackgroundHandlers, createExtensionWechatClient } from '@/utils/background/handlers';
import { createExtensionBatchRunner } from '@/utils/batch/handlers';
import { BATCH_WATCHDOG_ALARM } from '@/utils/batch/watchdog';
import { handleContextMenuClick, registerContextMenu } from '@/utils/context-menu/menu';
import { startExpiryReminder } from '@/utils/expiry/reminder';
import { createMessageRouter } from '@/utils/messaging/router';
import { createBackgroundRefresher } from '@/utils/report/handlers';
import { createExtensionSyncRunner, startSyncTriggers } from '@/utils/sync/extension-sync';
import { createBackgroundTagger } from '@/utils/tagging/handlers';

export default defineBackground(() => {
  const client = createExtensionWechatClient();
  const batches = createExtensionBatchRunner(client);
  const reports = createBackgroundRefresher(client);
  const sync = createExtensionSyncRunner();
  const tagger = createBackgroundTagger(client);
  const handlers = createBackgroundHandlers(client, Date.now, batches, reports, sync, tagger);
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the polyfill sends the promise's value as the reply
  browser.runtime.onMessage.addListener(createMessageRouter(handlers));
  browser.runtime.onInstalled.addListener(() => void registerContextMenu());
  browser.runtime.onStartup.addListener(() => void registerContextMenu());
  browser.contextMenus.onClicked.addListener((info) => void handleContextMenuClick(info, handlers.createQrCode));
  browser.alarms.onAlarm.addListener((alarm) => alarm.name === BATCH_WATCHDOG_ALARM && void batches.resumeRunning());
  // Whatever woke the worker, a batch or a report refresh it was running when it stopped carries on.
  void batches.resumeRunning();
  void reports.resumeUnfinished();
  void tagger.resumeUnfinished();
  // Sync: on history changes, the alarm, browser start; resumes a sync cut off.
  startSyncTriggers(sync);
  // The daily reminder of codes expiring soon, when the operator has turned it on.
  startExpiryReminder();
});
