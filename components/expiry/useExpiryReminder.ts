import { useEffect, useState } from 'preact/hooks';
import type { ExpiryReminderRun, ExpiryReminderSettings } from '@/utils/expiry/reminder-settings';
import { expiryReminderItem, expiryReminderLastItem } from '@/utils/storage/items';

/**
 * The expiry reminder's preference: not secret, so the options page keeps it in storage itself; the
 * background sees the change and arms or clears its alarm (utils/expiry/reminder.ts). Also the last run, kept current.
 */
export function useExpiryReminder(): {
  settings: ExpiryReminderSettings | undefined;
  lastRun: ExpiryReminderRun | null;
  save(settings: ExpiryReminderSettings): Promise<void>;
} {
  const [settings, setSettings] = useState<ExpiryReminderSettings>();
  const [lastRun, setLastRun] = useState<ExpiryReminderRun | null>(null);
  useEffect(() => {
    void expiryReminderItem.getValue().then(setSettings);
    void expiryReminderLastItem.getValue().then(setLastRun);
    return expiryReminderLastItem.watch(setLastRun);
  }, []);
  async function save(next: ExpiryReminderSettings) {
    await expiryReminderItem.setValue(next);
    setSettings(next);
  }
  return { settings, lastRun, save };
}
