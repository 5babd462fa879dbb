import type { BatchPreview, BatchPreviewRow } from '@/utils/batch/preview';
import { describeError } from '@/utils/messaging/error-text';
import { t } from '@/utils/i18n/t';

/** Rows with a problem are all listed; rows that will be created, only the first few (the count says the rest). */
const OK_ROWS_SHOWN = 50;
const PROBLEM_ROWS_SHOWN = 500;

function reasonText(row: Extract<BatchPreviewRow, { status: 'invalid' }>): string {
  switch (row.reason) {
    case 'scene_empty':
      return t('batchReason_scene_empty');
    case 'duplicate':
      return t('batchReason_duplicate', row.params);
    case 'permanent_exists':
      return t('batchReason_permanent_exists');
    default:
      // The single-code form's own words for the same validation failures.
      return describeError({ code: row.reason, params: row.params }).message;
  }
}

export function BatchPreviewTable({ preview, permanent }: { preview: BatchPreview; permanent: boolean }) {
  const { summary } = preview;
  const problems = preview.rows.filter((row) => row.status === 'invalid');
  const ok = preview.rows.filter((row) => row.status === 'ok');
  const shown = [...problems.slice(0, PROBLEM_ROWS_SHOWN), ...ok.slice(0, OK_ROWS_SHOWN)];
  return (
    <section class="batch-preview" aria-label={t('batchColStatus')}>
      <p class="summary" data-testid="batch-summary">
        {t('batchSummary', [summary.total, summary.valid, summary.invalid, summary.duplicates, summary.existing].map(String))}
      </p>
      {permanent && <p class="hint">{t('batchPermanentAfter', [summary.permanentAfter.toLocaleString()])}</p>}
      {summary.wouldExceedPermanentCap && (
        <p class="alert" role="alert">
          {t('batchPermanentOver')}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('batchColRow')}</th>
            <th>{t('batchColScene')}</th>
            <th>{t('batchColLabel')}</th>
            <th>{t('batchColStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.index}>
              <td>{row.row}</td>
              <td>{row.scene}</td>
              <td>{row.label}</td>
              {row.status === 'ok' ? <td class="ok">{t('batchRowOk')}</td> : <td class="bad">{reasonText(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {ok.length > OK_ROWS_SHOWN && <p class="hint">{t('batchMoreRows', [String(ok.length - OK_ROWS_SHOWN)])}</p>}
    </section>
  );
}
