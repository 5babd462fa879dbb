import { csvCell } from '@/utils/history/csv';
import type { GroupRow, ReportView } from './view';

/** The report's CSV columns (stable names, like the history export's). */
export const REPORT_CSV_COLUMNS = ['row', 'kind', 'scene', 'label', 'createdAt', 'status', 'codes', 'followers', 'last7Days', 'last30Days'] as const;

/**
 * The report as CSV for Excel, with the history export's writer: UTF-8 with a BOM, CRLF, RFC 4180
 * quoting and formula-injection escaping (a label "=HYPERLINK(…)" stays text). Rows: every code row
 * (`row` = code), each scene made elsewhere (`made_elsewhere`), then `other_sources`; a first line
 * `snapshot` dates the data. Channel groups come last (`channel_group`, its name as the label, its
 * scenes as codes): a sum over rows above, so a spreadsheet adding up the followers column skips them.
 */
export function reportToCsv(view: ReportView, groups: readonly GroupRow[] = []): string {
  const lines = [REPORT_CSV_COLUMNS.join(',')];
  const line = (cells: (string | number)[]) => lines.push(cells.map((cell) => csvCell(String(cell))).join(','));
  line(['snapshot', '', '', '', new Date(view.takenAt).toISOString(), '', '', view.counted, '', '']);
  for (const row of view.rows) {
    line([
      'code',
      row.kind,
      row.scene,
      row.label,
      new Date(row.createdAt).toISOString(),
      row.status,
      row.codeCount,
      row.followers,
      row.last7Days,
      row.last30Days,
    ]);
  }
  for (const scene of view.elsewhere.scenes) {
    line(['made_elsewhere', scene.kind, scene.scene, '', '', '', 0, scene.followers, scene.last7Days, scene.last30Days]);
  }
  // Empty windows: a snapshot from before they were counted does not know them.
  line(['other_sources', '', '', '', '', '', '', view.otherSources, view.otherRecent?.last7Days ?? '', view.otherRecent?.last30Days ?? '']);
  for (const group of groups) line(['channel_group', '', '', group.name, '', '', group.scenes, group.followers, group.last7Days, group.last30Days]);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
