import { type RecentCounts, type SceneKind, newReportCursor, reportFromCursor } from './follower-report';
import { codeStatus } from '@/utils/history/query';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { ReportSnapshot } from '@/utils/storage/report-db';

/**
 * The report page's rows from a snapshot (counts per scene) and the account's history, joined when
 * shown, so a code renamed after the refresh shows its new label. Codes sharing a scene and kind share
 * a row (WeChat reports the scene, not the code: see follower-report.ts).
 */

export type ReportCodeStatus = 'permanent' | 'active' | 'expired';

export interface ReportRow {
  /** `id:<n>` / `str:<s>`: stable across renames. */
  key: string;
  kind: SceneKind;
  scene: string;
  /** The newest code's label. */
  label: string;
  createdAt: number;
  status: ReportCodeStatus;
  /** Codes in history with this scene and kind (more than 1: a renewed or repeated code). */
  codeCount: number;
  followers: number;
  last7Days: number;
  last30Days: number;
}

/** A channel group (issue #16) as a row of the report: the sum of its scenes' followers (each follower has one scene). */
export interface GroupRow {
  /** `group:<id>`. */
  key: string;
  name: string;
  /** Scenes the group's rule picks now. */
  scenes: number;
  followers: number;
  last7Days: number;
  last30Days: number;
}

export interface SceneTotals {
  followers: number;
  last7Days: number;
  last30Days: number;
}

export interface ReportView {
  /** One row per scene that has a code in history, most followers first. */
  rows: ReportRow[];
  /** Scenes with followers but no code in history: made elsewhere or deleted locally. */
  elsewhere: SceneTotals & { scenes: { kind: SceneKind; scene: string; followers: number; last7Days: number; last30Days: number }[] };
  /** Followers who came without a parametric code. */
  otherSources: number;
  /** Of those, the 7- and 30-day windows; absent for a snapshot taken before they were counted. */
  otherRecent?: RecentCounts;
  /** Followers counted (rows + elsewhere + other sources). */
  counted: number;
  unfollowed: number;
  total: number;
  takenAt: number;
  activeMs: number;
}

export function buildReportView(snapshot: ReportSnapshot, codes: readonly QrCodeRecord[]): ReportView {
  const { otherRecent: _new, ...fresh } = newReportCursor(snapshot.takenAt);
  const cursor = {
    ...fresh,
    counts: snapshot.counts,
    otherSources: snapshot.otherSources,
    ...(snapshot.otherRecent && { otherRecent: snapshot.otherRecent }),
    unfollowed: snapshot.unfollowed,
  };
  const report = reportFromCursor(cursor, codes);
  const rows: ReportRow[] = [];
  const elsewhere: ReportView['elsewhere'] = { followers: 0, last7Days: 0, last30Days: 0, scenes: [] };
  for (const row of report.rows) {
    const { kind, scene, followers, last7Days, last30Days } = row;
    if (!row.code) {
      elsewhere.scenes.push({ kind, scene, followers, last7Days, last30Days });
      elsewhere.followers += followers;
      elsewhere.last7Days += last7Days;
      elsewhere.last30Days += last30Days;
      continue;
    }
    const status = codeStatus({ actionName: row.code.actionName, expiresAt: row.code.expiresAt } as QrCodeRecord, snapshot.takenAt).kind;
    rows.push({
      key: `${kind}:${scene}`,
      kind,
      scene,
      label: row.code.label,
      createdAt: row.code.createdAt,
      status,
      codeCount: row.codes.length,
      followers,
      last7Days,
      last30Days,
    });
  }
  return {
    rows,
    elsewhere,
    otherSources: report.otherSources,
    ...(report.otherRecent && { otherRecent: report.otherRecent }),
    counted: report.counted,
    unfollowed: report.unfollowed,
    total: snapshot.total,
    takenAt: snapshot.takenAt,
    activeMs: snapshot.activeMs,
  };
}

export type ReportSortColumn = 'label' | 'scene' | 'createdAt' | 'status' | 'followers' | 'last7Days' | 'last30Days';
export interface ReportSort {
  column: ReportSortColumn;
  descending: boolean;
}

/** Sorted copy; ties by followers (most first), then scene, so the order is stable. */
export function sortRows(rows: readonly ReportRow[], sort: ReportSort): ReportRow[] {
  const sign = sort.descending ? -1 : 1;
  const compare = (a: ReportRow, b: ReportRow): number => {
    const x = a[sort.column];
    const y = b[sort.column];
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
  };
  return [...rows].sort((a, b) => sign * compare(a, b) || b.followers - a.followers || a.scene.localeCompare(b.scene));
}

/**
 * The rows whose label or scene holds `term` (case-insensitive, trimmed); all rows for an empty term.
 * The table draws a few hundred rows at most, so a code among thousands is found by filtering.
 */
export function filterRows(rows: readonly ReportRow[], term: string): readonly ReportRow[] {
  const needle = term.trim().toLowerCase();
  if (needle === '') return rows;
  return rows.filter((row) => row.label.toLowerCase().includes(needle) || row.scene.toLowerCase().includes(needle));
}

/** The chart's bars: the codes that brought the most current followers (none with 0). */
export function topRows(rows: readonly ReportRow[], limit = 20): ReportRow[] {
  return sortRows(
    rows.filter((row) => row.followers > 0),
    { column: 'followers', descending: true },
  ).slice(0, limit);
}
