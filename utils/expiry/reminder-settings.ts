import type { ExpiryWindow } from './windows';

/** The daily reminder's preference (options page). */
export interface ExpiryReminderSettings {
  enabled: boolean;
  /** Count the codes expiring within this many days. */
  days: ExpiryWindow;
}

export const DEFAULT_EXPIRY_REMINDER: ExpiryReminderSettings = { enabled: false, days: 3 };

/** One reminder run: when, over which window, how many codes it found (all accounts). */
export interface ExpiryReminderRun {
  at: number;
  days: ExpiryWindow;
  count: number;
}
