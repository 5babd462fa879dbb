import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import { DAY, code } from '@/test/unit/records';
import { saveCode } from '@/utils/storage/history-db';
import { expiryReminderItem, expiryReminderLastItem } from '@/utils/storage/items';
import {
  EXPIRY_REMINDER_ALARM,
  EXPIRY_REMINDER_NOTIFICATION,
  nextReminderAt,
  runExpiryReminder,
  scheduleExpiryReminder,
  startExpiryReminder,
} from './reminder';

afterEach(resetHistoryDatabase);

/** Codes relative to the real clock: the alarm's handler counts from Date.now(). */
async function seedDue(now: number): Promise<void> {
  await saveCode(code('soon-1', { label: '国贸店', expiresAt: now + 1 * DAY }));
  await saveCode(code('soon-2', { label: '', scene: 'store-2', expiresAt: now + 2 * DAY, appId: 'wx0000000000000002' }));
  await saveCode(code('soon-3', { label: '三里屯', expiresAt: now + 2.5 * DAY }));
  await saveCode(code('soon-4', { label: '望京', expiresAt: now + 2.9 * DAY }));
  await saveCode(code('week', { label: '下周', expiresAt: now + 6 * DAY }));
  await saveCode(code('gone', { expiresAt: now - 1 }));
  await saveCode(code('perm', { actionName: 'QR_LIMIT_SCENE', scene: '9', expireSeconds: null, expiresAt: null }));
  // Renewed already: not counted.
  await saveCode(code('renewed', { label: '已续期', expiresAt: now + 1 * DAY }));
  await saveCode(code('renewal', { expiresAt: now + 30 * DAY, renewedFromId: 'renewed' }));
}

describe('the daily expiry reminder', () => {
  it('is off by default: no alarm; turned on it arms one a day from the next 09:00, turned off it is cleared', async () => {
    await scheduleExpiryReminder();
    expect(await fakeBrowser.alarms.get(EXPIRY_REMINDER_ALARM)).toBeUndefined();
    await expiryReminderItem.setValue({ enabled: true, days: 3 });
    const now = new Date(2026, 11, 3, 13, 5).getTime();
    await scheduleExpiryReminder(now);
    expect(await fakeBrowser.alarms.get(EXPIRY_REMINDER_ALARM)).toMatchObject({ scheduledTime: new Date(2026, 11, 4, 9).getTime(), periodInMinutes: 1440 });
    await expiryReminderItem.setValue({ enabled: false, days: 3 });
    await scheduleExpiryReminder(now);
    expect(await fakeBrowser.alarms.get(EXPIRY_REMINDER_ALARM)).toBeUndefined();
    expect(nextReminderAt(new Date(2026, 11, 3, 8, 59).getTime())).toBe(new Date(2026, 11, 3, 9).getTime());
  });

  it('follows the option from the background: saving it on arms the alarm', async () => {
    startExpiryReminder();
    await expiryReminderItem.setValue({ enabled: true, days: 7 });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(EXPIRY_REMINDER_ALARM)).toBeDefined());
  });

  it('when the alarm fires: one notification with the count of codes due and not renewed (all accounts), naming the soonest', async () => {
    await seedDue(Date.now());
    await expiryReminderItem.setValue({ enabled: true, days: 3 });
    startExpiryReminder();
    await fakeBrowser.alarms.onAlarm.trigger({ name: EXPIRY_REMINDER_ALARM, scheduledTime: Date.now(), periodInMinutes: 1440 });
    await vi.waitFor(async () => expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([EXPIRY_REMINDER_NOTIFICATION]));
    const shown = (await fakeBrowser.notifications.getAll()) as unknown as Record<string, { title: string; message: string }>;
    expect(shown[EXPIRY_REMINDER_NOTIFICATION]!.message).toBe(
      '4 个二维码将在 3 天内到期，尚未续期：国贸店、store-2、三里屯 等。点击打开历史记录，勾选后续期。',
    );
    expect(await expiryReminderLastItem.getValue()).toMatchObject({ days: 3, count: 4 });
  });

  it('counts over 7 days when set so, and shows nothing when nothing is due', async () => {
    const now = Date.now();
    await seedDue(now);
    await expiryReminderItem.setValue({ enabled: true, days: 7 });
    expect(await runExpiryReminder(now)).toMatchObject({ days: 7, count: 5 });
    expect(await runExpiryReminder(now + 10 * DAY)).toMatchObject({ count: 0 });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    await expiryReminderItem.setValue({ enabled: false, days: 7 });
    expect(await runExpiryReminder(now)).toBeUndefined();
  });

  it('a click on it opens history filtered to the codes it counted', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await expiryReminderItem.setValue({ enabled: true, days: 7 });
    startExpiryReminder();
    await fakeBrowser.notifications.onClicked.trigger(EXPIRY_REMINDER_NOTIFICATION);
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/codes.html#status=within7') }));
    // Another extension notification's click is not ours.
    await fakeBrowser.notifications.onClicked.trigger('scene-qr-123');
    expect(create).toHaveBeenCalledTimes(1);
  });
});
