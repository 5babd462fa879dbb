import { useMemo, useState } from 'preact/hooks';
import { formatDateTime } from '@/utils/i18n/duration';
import { type MessageKey, t } from '@/utils/i18n/t';
import { sceneKey } from '@/utils/report/follower-report';
import { type GroupRow, type ReportSort, type ReportSortColumn, type ReportView, filterRows, sortRows } from '@/utils/report/view';

/** Rows drawn at most: a table of 100,000 codes would stall the page; the filter finds any, the CSV has them all. */
const MAX_ROWS = 500;

const COLUMNS: { column: ReportSortColumn; label: MessageKey; numeric?: boolean }[] = [
  { column: 'label', label: 'reportColLabel' },
  { column: 'scene', label: 'reportColScene' },
  { column: 'createdAt', label: 'reportColCreated' },
  { column: 'status', label: 'reportColStatus' },
  { column: 'followers', label: 'reportColFollowers', numeric: true },
  { column: 'last7Days', label: 'reportCol7Days', numeric: true },
  { column: 'last30Days', label: 'reportCol30Days', numeric: true },
];

const STATUS_TEXT = { permanent: 'reportStatusPermanent', active: 'reportStatusActive', expired: 'reportStatusExpired' } as const;

/**
 * Per code, sortable by every column; then "made elsewhere" and "other sources". Rows can be ticked
 * (by scene key) for tagging their followers.
 */
export function ReportTable({
  view,
  groups = [],
  selected,
  onSelect,
}: {
  view: ReportView;
  /** Channel groups: sums of rows below, shown apart above them. */
  groups?: readonly GroupRow[];
  selected: ReadonlySet<string>;
  onSelect: (keys: ReadonlySet<string>) => void;
}) {
  const [sort, setSort] = useState<ReportSort>({ column: 'followers', descending: true });
  const [filter, setFilter] = useState('');
  const sorted = useMemo(() => sortRows(view.rows, sort), [view, sort]);
  const rows = useMemo(() => filterRows(sorted, filter), [sorted, filter]);
  const sortBy = (column: ReportSortColumn) =>
    setSort((old) => ({ column, descending: old.column === column ? !old.descending : column !== 'label' && column !== 'scene' }));
  const n = (value: number) => value.toLocaleString();
  return (
    <section class="report-table">
      <div class="report-table-head">
        <h2>{t('reportTableTitle')}</h2>
        <input
          type="search"
          name="reportFilter"
          aria-label={t('reportFilterLabel')}
          placeholder={t('reportFilterLabel')}
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
        {filter.trim() !== '' && (
          <span class="hint" data-testid="report-filter-count">
            {t('reportFilteredRows', [String(rows.length), String(view.rows.length)])}
          </span>
        )}
      </div>
      {rows.length > MAX_ROWS && <p class="hint">{t('reportShownRows', [String(MAX_ROWS), String(rows.length)])}</p>}
      <table>
        <thead>
          <tr>
            <th class="pick">
              <span class="visually-hidden">{t('tagging_pick')}</span>
            </th>
            {COLUMNS.map(({ column, label, numeric }) => (
              <th key={column} class={numeric ? 'num' : undefined} aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" class="link" data-column={column} onClick={() => sortBy(column)}>
                  {t(label)}
                  {sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        {groups.length > 0 && (
          <tbody class="report-groups">
            {groups.map((group) => (
              <tr key={group.key} data-key={group.key} class="report-group">
                <td />
                <td>
                  <span class="badge">{t('reportGroupRow')}</span> {group.name}
                </td>
                <td colSpan={3} class="hint">
                  {t('reportGroupScenes', [String(group.scenes)])}
                </td>
                <td class="num followers">{n(group.followers)}</td>
                <td class="num">{n(group.last7Days)}</td>
                <td class="num">{n(group.last30Days)}</td>
              </tr>
            ))}
          </tbody>
        )}
        <tbody>
          {rows.slice(0, MAX_ROWS).map((row) => (
            <tr key={row.key} data-key={row.key} class="report-row">
              <td class="pick">
                <input
                  type="checkbox"
                  name="pick"
                  aria-label={t('tagging_pick_row', [row.label || row.scene])}
                  checked={selected.has(row.key)}
                  onChange={(event) => onSelect(toggled(selected, row.key, event.currentTarget.checked))}
                />
              </td>
              <td class="label">
                {row.label || '—'}
                {row.codeCount > 1 && <span class="hint"> · {t('reportSharedScene', [String(row.codeCount)])}</span>}
              </td>
              <td class="scene">{row.scene}</td>
              <td>{formatDateTime(row.createdAt)}</td>
              <td>{t(STATUS_TEXT[row.status])}</td>
              <td class="num followers">{n(row.followers)}</td>
              <td class="num">{n(row.last7Days)}</td>
              <td class="num">{n(row.last30Days)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-key="elsewhere">
            <td class="pick">
              {view.elsewhere.scenes.length > 0 && (
                <input
                  type="checkbox"
                  name="pick-elsewhere"
                  aria-label={t('reportElsewhere', [String(view.elsewhere.scenes.length)])}
                  checked={view.elsewhere.scenes.every((scene) => selected.has(sceneKey(scene.kind, scene.scene)))}
                  onChange={(event) =>
                    onSelect(
                      view.elsewhere.scenes.reduce((keys, scene) => toggled(keys, sceneKey(scene.kind, scene.scene), event.currentTarget.checked), selected),
                    )
                  }
                />
              )}
            </td>
            <td colSpan={4}>{t('reportElsewhere', [String(view.elsewhere.scenes.length)])}</td>
            <td class="num followers">{n(view.elsewhere.followers)}</td>
            <td class="num">{n(view.elsewhere.last7Days)}</td>
            <td class="num">{n(view.elsewhere.last30Days)}</td>
          </tr>
          <tr data-key="other">
            <td />
            <td colSpan={4}>{t('reportOtherSources')}</td>
            <td class="num followers">{n(view.otherSources)}</td>
            {/* "—": a snapshot taken before these windows were counted does not know them. */}
            <td class="num">{view.otherRecent ? n(view.otherRecent.last7Days) : '—'}</td>
            <td class="num">{view.otherRecent ? n(view.otherRecent.last30Days) : '—'}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function toggled(keys: ReadonlySet<string>, key: string, on: boolean): ReadonlySet<string> {
  const next = new Set(keys);
  if (on) next.add(key);
  else next.delete(key);
  return next;
}
