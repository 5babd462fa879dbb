import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from './follower-report';
import type { QrCodeRecord } from '@/utils/codes/record';
import { reportToCsv } from './csv';
import type { ReportSnapshot } from '@/utils/storage/report-db';
import { buildReportView, filterRows, sortRows, topRows } from './view';
import { NOW, code as historyCode } from '@/test/unit/records';

/** History's test record, created ten days before the report. */
const code = (id: string, patch: Partial<QrCodeRecord>) => historyCode(id, { createdAt: NOW - 10 * DAY_MS, ...patch });

const counts = (followers: number, last7Days = 0, last30Days = 0) => ({ followers, last7Days, last30Days });

const SNAPSHOT: ReportSnapshot = {
  appId: 'wx0123456789abcdef',
  takenAt: NOW,
  finishedAt: NOW + 5000,
  activeMs: 4000,
  calls: { list: 2, details: 10 },
  total: 1000,
  counts: { 'str:poster': counts(50, 5, 20), 'id:7': counts(30, 1, 2), 'str:gone': counts(4, 1, 1), 'id:99': counts(2) },
  otherSources: 900,
  unfollowed: 14,
};

const CODES = [
  code('a', { scene: 'poster', label: '=HYPERLINK("http://x")' }),
  code('b', { actionName: 'QR_LIMIT_SCENE', scene: '7', label: '销售 王芳', expireSeconds: null, expiresAt: null }),
  // The same number as a text scene: a different row (ids and strings never mix).
  code('c', { scene: '7', label: 'text seven', expiresAt: NOW - DAY_MS }),
];

describe('buildReportView', () => {
  const view = buildReportView(SNAPSHOT, CODES);

  it('joins counts with history by kind and scene, with label, created and status', () => {
    expect(view.rows.map((r) => [r.key, r.label, r.status, r.followers])).toEqual([
      ['str:poster', '=HYPERLINK("http://x")', 'active', 50],
      ['id:7', '销售 王芳', 'permanent', 30],
      ['str:7', 'text seven', 'expired', 0],
    ]);
  });

  it('gathers scenes without a code in history into "made elsewhere", and keeps other sources apart', () => {
    expect(view.elsewhere).toMatchObject({ followers: 6, last7Days: 1, last30Days: 1 });
    expect(view.elsewhere.scenes.map((s) => `${s.kind}:${s.scene}`).sort()).toEqual(['id:99', 'str:gone']);
    expect(view.otherSources).toBe(900);
    expect(view.counted).toBe(50 + 30 + 6 + 900);
  });

  it('shows a code renamed after the refresh under its new label', () => {
    const renamed = buildReportView(SNAPSHOT, [{ ...CODES[0]!, label: '春季海报' }]);
    expect(renamed.rows[0]).toMatchObject({ key: 'str:poster', label: '春季海报', followers: 50 });
  });
});

describe('sortRows, filterRows and topRows', () => {
  const view = buildReportView(SNAPSHOT, CODES);

  it('filters by a part of the label or the scene, ignoring case and spaces around it', () => {
    expect(filterRows(view.rows, '王芳').map((r) => r.key)).toEqual(['id:7']);
    expect(filterRows(view.rows, ' POST ').map((r) => r.key)).toEqual(['str:poster']);
    expect(filterRows(view.rows, 'seven').map((r) => r.key)).toEqual(['str:7']);
    expect(
      filterRows(view.rows, '7')
        .map((r) => r.key)
        .sort(),
    ).toEqual(['id:7', 'str:7']);
    expect(filterRows(view.rows, 'nothing like it')).toEqual([]);
    expect(filterRows(view.rows, '  ')).toBe(view.rows);
  });

  it('sorts by any column both ways', () => {
    expect(sortRows(view.rows, { column: 'followers', descending: false }).map((r) => r.followers)).toEqual([0, 30, 50]);
    expect(sortRows(view.rows, { column: 'status', descending: false }).map((r) => r.status)).toEqual(['active', 'expired', 'permanent']);
    expect(sortRows(view.rows, { column: 'last7Days', descending: true })[0]!.key).toBe('str:poster');
  });

  it('the chart takes the 20 codes with the most followers, none with 0', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...view.rows[0]!, key: `str:${i}`, scene: String(i), followers: i }));
    const top = topRows(many);
    expect(top).toHaveLength(20);
    expect(top[0]!.followers).toBe(29);
    expect(top.at(-1)!.followers).toBe(10);
    expect(topRows(view.rows).map((r) => r.key)).toEqual(['str:poster', 'id:7']);
  });
});

describe('reportToCsv', () => {
  const csv = reportToCsv(buildReportView(SNAPSHOT, CODES));
  const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;

  it('is UTF-8 with BOM and CRLF, with a dated snapshot line, code rows, elsewhere scenes and other sources', () => {
    expect(csv.startsWith('\uFEFFrow,kind,scene,label,createdAt,status,codes,followers,last7Days,last30Days\r\n')).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(['row', 'snapshot', 'code', 'code', 'code', 'made_elsewhere', 'made_elsewhere', 'other_sources']);
    expect(rows[1]![4]).toBe(new Date(NOW).toISOString());
    expect(rows.find((r) => r[2] === '7' && r[1] === 'id')).toEqual([
      'code',
      'id',
      '7',
      '销售 王芳',
      new Date(NOW - 10 * DAY_MS).toISOString(),
      'permanent',
      '1',
      '30',
      '1',
      '2',
    ]);
    // This snapshot predates the other sources' windows: left empty, not 0.
    expect(rows.at(-1)).toEqual(['other_sources', '', '', '', '', '', '', '900', '', '']);
    expect(buildReportView(SNAPSHOT, CODES).otherRecent).toBeUndefined();
  });

  it('gives other sources their 7- and 30-day windows when the snapshot has them', () => {
    const recent = buildReportView({ ...SNAPSHOT, otherRecent: { last7Days: 40, last30Days: 120 } }, CODES);
    expect(recent.otherRecent).toEqual({ last7Days: 40, last30Days: 120 });
    const last = Papa.parse<string[]>(reportToCsv(recent).slice(1), { skipEmptyLines: true }).data.at(-1);
    expect(last).toEqual(['other_sources', '', '', '', '', '', '', '900', '40', '120']);
  });

  it('escapes a label that a spreadsheet would run as a formula', () => {
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});
