/** The sync bench's table (docs/benchmarks.md, "Sync (issue #14)"). */
import type { SyncMeasurement } from './sync-measure';
import { type Row, mb, ms, sec } from './table';

export const TARGET = { upMs: 30_000, downMs: 60_000, incrementalMs: 300, spaceRatio: 2 };

export function syncRows(r: SyncMeasurement): Row[] {
  const n = r.records.toLocaleString('en');
  const inc = r.incremental;
  return [
    {
      metric: `UP: first sync of ${n} codes (${r.accounts} accounts), \`syncNow\` → reply`,
      median: sec(r.up.ms),
      target: `≤ ${sec(TARGET.upMs)}`,
      pass: r.up.ms <= TARGET.upMs,
    },
    {
      metric: `… control: ${r.control.put.files} PUTs of the same sizes (${mb(r.control.put.bytes)}), bare fetch loop, fresh worker`,
      median: sec(r.control.put.ms),
      target: '',
      pass: undefined,
    },
    {
      metric: `DOWN: first sync of a fresh profile, ${n} codes into an empty history (all ${r.down.count.toLocaleString('en')} checked equal)`,
      median: sec(r.down.ms),
      target: `≤ ${sec(TARGET.downMs)}`,
      pass: r.down.ms <= TARGET.downMs,
    },
    {
      metric: `… control: GET of the same ${r.control.get.files} files, bare fetch loop, fresh worker`,
      median: sec(r.control.get.ms),
      target: '',
      pass: undefined,
    },
    {
      metric: `… control: the same ${n} records by bare IndexedDB adds into \`codes\` (A's seeding, 10,000 a transaction)`,
      median: sec(r.control.seedIdbWriteMs),
      target: '',
      pass: undefined,
    },
    {
      metric: `INCREMENTAL: ${inc.changes} label edits (history page) → \`syncNow\` → reply, median of ${inc.rounds.length} rounds (${inc.rounds.map((x) => ms(x.ms)).join(', ')})`,
      median: ms(inc.medianMs),
      target: `≤ ${ms(TARGET.incrementalMs)}`,
      pass: inc.medianMs <= TARGET.incrementalMs,
    },
    {
      metric: `… B then receives all ${inc.rounds.length * inc.changes} edits, one \`syncNow\` (1 run)`,
      median: ms(inc.downMsAfterAll),
      target: '',
      pass: undefined,
    },
    {
      metric: `SPACE: bytes on the server after UP (${r.up.files} files, ${mb(r.space.bytes)}) / JSON export of the same codes (${mb(r.space.jsonExportBytes)})`,
      median: `${r.space.ratio.toFixed(2)}×`,
      target: `≤ ${TARGET.spaceRatio}×`,
      pass: r.space.ratio <= TARGET.spaceRatio,
    },
  ];
}
