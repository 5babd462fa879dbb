import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';

export interface RecentListProps {
  /** The account the codes are of, as the operator named it; none when no account is set up. */
  accountName?: string;
  /** Undefined while they are read. */
  records: QrCodeRecord[] | undefined;
  onSelect: (record: QrCodeRecord) => void;
}

/** The current account's last few codes under the form; choosing one shows it again. */
export function RecentList({ accountName, records, onSelect }: RecentListProps) {
  return (
    <section class="recent" aria-labelledby="recent-title" aria-busy={records === undefined}>
      <h2 id="recent-title">
        {t('recentTitle')}
        {accountName && (
          <span class="recent-account" data-testid="recent-account">
            {' '}
            · {accountName}
          </span>
        )}
      </h2>
      {records === undefined ? null : records.length === 0 ? (
        <p class="hint">{t('recentEmpty')}</p>
      ) : (
        <ul data-testid="recent-list">
          {records.map((record) => (
            <li key={record.id}>
              <button type="button" class="link" onClick={() => onSelect(record)}>
                <span class="scene">{record.scene}</span>
                {record.label && <span class="label"> · {record.label}</span>}
                <span class="kind"> · {t(`action${record.actionName}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
