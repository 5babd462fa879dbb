import { browser } from 'wxt/browser';
import { type HistoryQuery, type HistorySort, type StatusFilter } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import { ACTION_NAMES, type ActionName } from '@/utils/wechat/qr-request';

export interface HistoryToolbarProps {
  query: HistoryQuery;
  accounts: readonly string[];
  /** AppID → account name, for the accounts the extension still has. */
  accountNames?: Readonly<Record<string, string>>;
  onChange: (patch: Partial<HistoryQuery>) => void;
}

/** Search, filters and sort: every change runs a new query over the in-memory index (history-index.ts). */
export function HistoryToolbar({ query, accounts, accountNames = {}, onChange }: HistoryToolbarProps) {
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
