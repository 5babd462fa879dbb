import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';

/** The last few codes under the form; choosing one shows it again. */
export function RecentList({ records, onSelect }: { records: QrCodeRecord[]; onSelect: (record: QrCodeRecord) => void }) {
  return (
    <section class="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('recentTitle')}</h2>
      {records.length === 0 ? (
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
