import { t } from '@/utils/i18n/t';
import type { ReportRow } from '@/utils/report/view';

/** Horizontal bars for the top codes, drawn with plain elements (no chart library for 20 bars). */
export function ReportChart({ rows }: { rows: readonly ReportRow[] }) {
  const max = Math.max(1, ...rows.map((row) => row.followers));
  return (
    <figure class="report-chart" data-testid="report-chart">
      <figcaption>{t('reportChartTitle')}</figcaption>
      <ol>
        {rows.map((row) => (
          <li key={row.key} class="bar-row">
            <span class="bar-label" title={row.scene}>
              {row.label || row.scene}
            </span>
            <span class="bar-track">
              <span class="bar" style={{ width: `${(row.followers / max) * 100}%` }} />
            </span>
            <span class="bar-value">{row.followers.toLocaleString()}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
