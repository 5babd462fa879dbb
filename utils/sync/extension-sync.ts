import { browser } from 'wxt/browser';
import { onHistoryChange } from '@/utils/history/changes';
import { engineAdapter } from './engine-adapter';
import { engineEntry } from './engine-entry';
import { SYNC_ALARM, type SyncRunner, createSyncRunner } from './sync-runner';

/** The background's one sync runner, on the real engine and the real WebDAV client. */
export function createExtensionSyncRunner(): SyncRunner {
  return createSyncRunner(engineAdapter(engineEntry));
}

/**
 * When sync runs by itself: every history change (from any page or the background; debounced by the
 * runner), every N minutes by the alarm, and at every worker start (browser start included), which
 * also resumes a sync the worker's stop cut off. The runner's own merge writes arrive while it runs
 * and leave nothing waiting, so they start no second sync.
 */
export function startSyncTriggers(runner: SyncRunner): void {
  onHistoryChange(() => runner.changed());
  browser.alarms.onAlarm.addListener((alarm) => alarm.name === SYNC_ALARM && void runner.request('alarm'));
  browser.runtime.onStartup.addListener(() => void runner.request('startup'));
  void runner.wake();
}
