import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import { downloadBlob } from '@/utils/codes/download-file';
import { recordsToCsv } from './csv';
import { historyDb } from '@/utils/storage/history-db';
import { recordsToJson } from './json';
import { exportRecords, recordsForIds } from './transfer';
import type { QrCodeRecord } from '@/utils/codes/record';

vi.mock('@/utils/codes/download-file', () => ({ downloadBlob: vi.fn() }));

afterEach(async () => {
  vi.mocked(downloadBlob).mockClear();
  await resetHistoryDatabase();
});

function code(i: number): QrCodeRecord {
  const id = `id-${String(i).padStart(5, '0')}`;
  return {
    id,
    appId: 'wx0000000000000001',
    actionName: 'QR_STR_SCENE',
    scene: `s${i}`,
    label: '',
    ticket: `t${i}`,
    url: `u${i}`,
    expireSeconds: 60,
    createdAt: i,
    expiresAt: i + 60_000,
  };
}

async function store(n: number): Promise<void> {
  const db = await historyDb();
  const tx = db.transaction('codes', 'readwrite');
  for (let i = 0; i < n; i++) void tx.store.add(code(i));
  await tx.done;
}

describe('reading the records of a selection (ZIP)', () => {
  it.each([10, 3000, 12_000])('returns exactly the asked records in the asked order (%i codes)', async (n) => {
    await store(n);
    // Newest first, every other one, and an id that no longer exists.
    const ids = Array.from({ length: n }, (_, i) => code(n - 1 - i).id).filter((_, i) => i % 2 === 0);
    const records = await recordsForIds([...ids, 'gone']);
    expect(records.map((r) => r.id)).toEqual(ids);
  });
});

describe('export files', () => {
  it.each([10, 3000])('are exactly recordsToCsv and recordsToJson of the given records, in order (%i codes)', async (n) => {
    const records = Array.from({ length: n }, (_, i) => code(n - 1 - i)).filter((_, i) => i % 3 !== 1);
    const now = Date.UTC(2025, 0, 2);
    for (const [format, expected] of [
      ['csv', recordsToCsv(records)],
      ['json', recordsToJson(records, now)],
    ] as const) {
      exportRecords(records, format, now);
      const blob = vi.mocked(downloadBlob).mock.lastCall![0];
      await expect(blob.text()).resolves.toBe(expected);
      expect(vi.mocked(downloadBlob).mock.lastCall![1]).toBe(`scene-qr-history-2025-01-02-00-00-00.${format}`);
    }
  });

  it('writes an empty list as a file with no records', async () => {
    exportRecords([], 'json', 0);
    expect(JSON.parse(await vi.mocked(downloadBlob).mock.lastCall![0].text())).toMatchObject({ records: [] });
  });
});
