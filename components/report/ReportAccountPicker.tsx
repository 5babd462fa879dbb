import { t } from '@/utils/i18n/t';
import type { PublicAccount } from '@/utils/messaging/messages';

/**
 * Whose report the page shows (name and AppID), and with several accounts a select to show another
 * one's report here. It changes only this page: the current account (popup, new codes) stays as it is.
 */
export function ReportAccountPicker({
  accounts,
  accountId,
  appId,
  onPick,
}: {
  accounts: readonly PublicAccount[];
  accountId: string;
  appId: string;
  onPick: (accountId: string) => void;
}) {
  const shown = accounts.find((account) => account.id === accountId);
  if (accounts.length < 2) {
    return (
      <span class="hint" data-testid="report-account">
        {t('reportAccountNamed', [shown?.name ?? appId, appId])}
      </span>
    );
  }
  return (
    <label class="inline report-account">
      <span>{t('reportAccountPick')}</span>
      <select name="reportAccount" data-testid="report-account" value={accountId} onChange={(e) => onPick(e.currentTarget.value)}>
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>{`${account.name} (${account.appId})`}</option>
        ))}
      </select>
    </label>
  );
}
