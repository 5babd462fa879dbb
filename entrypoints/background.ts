import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackgroundHandlers } from '@/utils/background-handlers';
import { createMessageRouter } from '@/utils/message-router';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener(createMessageRouter(createBackgroundHandlers()));
});
