import { t } from '@/utils/i18n/t';
import type { GroupRow, ReportRow } from '@/utils/report/view';

/**
 * Horizontal bars for the channel groups, then the top codes, drawn with plain elements (no chart
 * library for 20 bars), on one scale.
 */
export function ReportChart({ rows, groups = [] }: { rows: readonly ReportRow[]; groups?: readonly GroupRow[] }) {
  const max = Math.max(1, ...rows.map((row) => row.followers), ...groups.map((group) => group.followers));
  return (
    <figure class="report-chart" data-testid="report-chart">
      <figcaption>{t('reportChartTitle')}</figcaption>
      <ol>
        {groups.map((group) => (
          <li key={group.key} class="bar-row bar-group" data-key={group.key}>
            <span class="bar-label" title={t('reportGroupRow')}>
              {t('reportGroupLabel', [group.name])}
            </span>
            <span class="bar-track">
              <span class="bar" style={{ width: `${(group.followers / max) * 100}%` }} />
            </span>
            <span class="bar-value">{group.followers.toLocaleString()}</span>
          </li>
        ))}
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
