import { browser } from 'wxt/browser';
import { type HistoryQuery, type HistorySort, type StatusFilter } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import { ACTION_NAMES, type ActionName } from '@/utils/wechat/qr-request';
import type { ExpiryWindow } from '@/utils/expiry/windows';

export interface HistoryToolbarProps {
  query: HistoryQuery;
  accounts: readonly string[];
  /** AppID → account name, for the accounts the extension still has. */
  accountNames?: Readonly<Record<string, string>>;
  /** Codes expiring within 3 / 7 days and not renewed yet, shown beside those filters once known. */
  expiringCounts?: Readonly<Record<ExpiryWindow, number>>;
  onChange: (patch: Partial<HistoryQuery>) => void;
}

/** Search, filters and sort: every change runs a new query over the in-memory index (history-index.ts). */
export function HistoryToolbar({ query, accounts, accountNames = {}, expiringCounts, onChange }: HistoryToolbarProps) {
  const within = (days: ExpiryWindow) =>
    expiringCounts ? t('expiry_filterWithinCount', [String(days), String(expiringCounts[days])]) : t('expiry_filterWithin', [String(days)]);
  return (
    <div class="history-toolbar" role="search">
      <input
        name="search"
        type="search"
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchPlaceholder')}
        value={query.search}
        onInput={(e) => onChange({ search: e.currentTarget.value })}
      />
      <select
        name="filterActionName"
        aria-label={t('colKind')}
        value={query.actionName}
        onChange={(e) => onChange({ actionName: e.currentTarget.value as ActionName | '' })}
      >
        <option value="">{t('filterAllKinds')}</option>
        {ACTION_NAMES.map((name) => (
          <option key={name} value={name}>
            {t(`action${name}`)}
          </option>
        ))}
      </select>
      <select
        name="filterStatus"
        aria-label={t('colStatus')}
        value={query.status}
        onChange={(e) => onChange({ status: e.currentTarget.value as StatusFilter })}
      >
        <option value="all">{t('filterAllStatus')}</option>
        <option value="active">{t('filterActive')}</option>
        <option value="expired">{t('filterExpired')}</option>
        <option value="within3">{within(3)}</option>
        <option value="within7">{within(7)}</option>
      </select>
      <select name="filterAppId" aria-label={t('colAccount')} value={query.appId} onChange={(e) => onChange({ appId: e.currentTarget.value })}>
        <option value="">{t('filterAllAccounts')}</option>
        {accounts.map((appId) => (
          <option key={appId} value={appId}>
            {accountNames[appId] ? `${accountNames[appId]} (${appId})` : appId}
          </option>
        ))}
      </select>
      <select name="sort" aria-label="sort" value={query.sort} onChange={(e) => onChange({ sort: e.currentTarget.value as HistorySort })}>
        <option value="created-desc">{t('sortCreatedDesc')}</option>
        <option value="created-asc">{t('sortCreatedAsc')}</option>
        <option value="expiry-asc">{t('sortExpiryAsc')}</option>
        <option value="expiry-desc">{t('sortExpiryDesc')}</option>
      </select>
      <a class="button" href={browser.runtime.getURL('/report.html')} target="_blank" rel="noopener">
        {t('openReport')}
      </a>
    </div>
  );
}
