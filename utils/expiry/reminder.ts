import { browser } from 'wxt/browser';
import type { QrCodeRecord } from '@/utils/codes/record';
import { scanRecords } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import { expiryReminderItem, expiryReminderLastItem } from '@/utils/storage/items';
import { summarizeExpiring } from './expiring';
import type { ExpiryReminderRun } from './reminder-settings';

/**
 * The daily reminder of codes expiring soon (issue #15), off until the operator turns it on in the
 * options page. Once a day (first at 09:00 local time) it counts, over every account's codes in local
 * history, those expiring within the chosen 3 or 7 days that no code has replaced yet, and shows one
 * notification naming the first few; a click opens history filtered to exactly those.
 */

export const EXPIRY_REMINDER_ALARM = 'expiry-reminder';
export const EXPIRY_REMINDER_NOTIFICATION = 'expiry-reminder';
const REMINDER_HOUR = 9;
const DAY_MINUTES = 24 * 60;
const NAMED = 3;

/** The next 09:00 in the browser's time zone after `now`. */
export function nextReminderAt(now: number): number {
  const at = new Date(now);
  at.setHours(REMINDER_HOUR, 0, 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime();
}

/** Arms the daily alarm when the reminder is on (keeping one already armed), clears it when off. */
export async function scheduleExpiryReminder(now: number = Date.now()): Promise<void> {
  const { enabled } = await expiryReminderItem.getValue();
  const armed = await browser.alarms.get(EXPIRY_REMINDER_ALARM);
  if (!enabled) {
    if (armed) await browser.alarms.clear(EXPIRY_REMINDER_ALARM);
    return;
  }
  if (!armed) await browser.alarms.create(EXPIRY_REMINDER_ALARM, { when: nextReminderAt(now), periodInMinutes: DAY_MINUTES });
}

function notificationMessage(run: ExpiryReminderRun, soonest: readonly QrCodeRecord[]): string {
  const names = soonest.map((record) => record.label || record.scene).join(t('expiry_nameSeparator'));
  const more = run.count > soonest.length ? t('expiry_andMore') : '';
  return run.count === 1
    ? t('expiry_notificationBodyOne', [String(run.days), names])
    : t('expiry_notificationBody', [String(run.count), String(run.days), names + more]);
}

/**
 * One reminder: counts, keeps the run for the options page, and replaces yesterday's notification
 * (none when nothing is due: a reminder that says "0" is noise). Undefined when the reminder is off.
 */
export async function runExpiryReminder(
  now: number = Date.now(),
  scan: (visit: (record: QrCodeRecord) => void) => Promise<void> = scanRecords,
): Promise<ExpiryReminderRun | undefined> {
  const settings = await expiryReminderItem.getValue();
  if (!settings.enabled) return undefined;
  const { count, soonest } = await summarizeExpiring(scan, now, settings.days, NAMED);
  const run: ExpiryReminderRun = { at: now, days: settings.days, count };
  await expiryReminderLastItem.setValue(run);
  await browser.notifications.clear(EXPIRY_REMINDER_NOTIFICATION);
  if (count > 0) {
    await browser.notifications.create(EXPIRY_REMINDER_NOTIFICATION, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: t('expiry_notificationTitle'),
      message: notificationMessage(run, soonest),
    });
  }
  return run;
}

/** The history page showing what the reminder counted (the window it was set to). */
export async function expiringHistoryUrl(): Promise<string> {
  const { days } = await expiryReminderItem.getValue();
  return browser.runtime.getURL(`/codes.html#status=within${days}`);
}

/** A click on the reminder: history, filtered to the codes it counted; the notification goes. */
export async function openExpiringHistory(notificationId: string): Promise<void> {
  if (notificationId !== EXPIRY_REMINDER_NOTIFICATION) return;
  await browser.tabs.create({ url: await expiringHistoryUrl() });
  await browser.notifications.clear(notificationId);
}

/** The background's wiring: the alarm, the notification's click, and the option turned on or off. */
export function startExpiryReminder(): void {
  browser.alarms.onAlarm.addListener((alarm) => alarm.name === EXPIRY_REMINDER_ALARM && void runExpiryReminder());
  browser.notifications.onClicked.addListener((id) => void openExpiringHistory(id));
  expiryReminderItem.watch(() => void scheduleExpiryReminder());
  void scheduleExpiryReminder();
}
