import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n/t';
import { formatDateTime } from '@/utils/i18n/duration';
import { EXPIRY_WINDOWS, type ExpiryWindow } from '@/utils/expiry/windows';
import { useExpiryReminder } from './useExpiryReminder';

/** "Daily reminder of codes expiring soon" (issue #15): off by default; the background does the rest. */
export function ExpiryReminderForm() {
  const stored = useExpiryReminder();
  const [enabled, setEnabled] = useState(false);
  const [days, setDays] = useState<ExpiryWindow>(3);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!stored.settings) return;
    setEnabled(stored.settings.enabled);
    setDays(stored.settings.days);
  }, [stored.settings]);

  async function save(event: Event) {
    event.preventDefault();
    setSaved(false);
    await stored.save({ enabled, days });
    setSaved(true);
  }

  const { lastRun } = stored;
  return (
    <form class="expiry-reminder" onSubmit={save}>
      <h2>{t('expiry_optionsTitle')}</h2>
      <label class="choice">
        <input type="checkbox" name="expiryReminder" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        {t('expiry_optionsEnable')}
      </label>
      <label class="field">
        <span>{t('expiry_optionsWindow')}</span>
        <select name="expiryReminderDays" value={String(days)} disabled={!enabled} onChange={(e) => setDays(Number(e.currentTarget.value) as ExpiryWindow)}>
          {EXPIRY_WINDOWS.map((window) => (
            <option key={window} value={String(window)}>
              {t('expiry_optionsWithinDays', [String(window)])}
            </option>
          ))}
        </select>
      </label>
      <p class="hint">{t('expiry_optionsHint')}</p>
      {lastRun && (
        <p class="hint" data-testid="expiry-last-run">
          {t('expiry_optionsLastRun', [formatDateTime(lastRun.at), String(lastRun.count), String(lastRun.days)])}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {t('expiry_optionsSave')}
        </button>
      </div>
      {saved && (
        <p class="status" role="status">
          {t('saved')}
        </p>
      )}
    </form>
  );
}
