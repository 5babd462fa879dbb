import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { BatchProgress } from './batch-job';

/**
 * The running batch's progress, written by the background and watched by the batch page. In
 * storage.session: pages get changes pushed (no polling), and each write is an extension API
 * call, which is also what keeps Chrome from stopping the worker mid-batch.
 */
export const batchProgressItem = storage.defineItem<BatchProgress | null>('session:batchProgress', { fallback: null });

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
