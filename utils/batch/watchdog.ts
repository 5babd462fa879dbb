import { browser } from 'wxt/browser';

export const BATCH_WATCHDOG_ALARM = 'batch-watchdog';

/**
 * While a batch runs, an alarm fires every minute; if Chrome stopped the worker anyway (an update,
 * a crash), the alarm starts it again and the batch resumes from IndexedDB.
 */
export const batchWatchdog = {
  async arm(): Promise<void> {
    if (!(await browser.alarms.get(BATCH_WATCHDOG_ALARM))) await browser.alarms.create(BATCH_WATCHDOG_ALARM, { periodInMinutes: 1 });
  },
  async disarm(): Promise<void> {
    await browser.alarms.clear(BATCH_WATCHDOG_ALARM);
  },
};
