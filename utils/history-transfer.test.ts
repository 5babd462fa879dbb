import { afterEach, describe, expect, it } from 'vitest';
import { resetHistoryDatabase } from '../test/unit/helpers';
import { historyDb } from './history-db';
import { recordsForIds } from './history-transfer';
import type { QrCodeRecord } from './qr-record';

afterEach(resetHistoryDatabase);

function code(i: number): QrCodeRecord {
  const id = `id-${String(i).padStart(5, '0')}`;
  return { id, appId: 'wx0000000000000001', actionName: 'QR_STR_SCENE', scene: `s${i}`, label: '', ticket: `t${i}`, url: `u${i}`, expireSeconds: 60, createdAt: i, expiresAt: i + 60_000 };
}

describe('reading the records to export', () => {
  it.each([10, 3000])('returns exactly the asked records in the asked order (%i codes)', async (n) => {
    const db = await historyDb();
    const tx = db.transaction('codes', 'readwrite');
    for (let i = 0; i < n; i++) void tx.store.add(code(i));
    await tx.done;
    // Newest first, every other one, and an id that no longer exists.
    const ids = Array.from({ length: n }, (_, i) => code(n - 1 - i).id).filter((_, i) => i % 2 === 0);
    const records = await recordsForIds([...ids, 'gone']);
    expect(records.map((r) => r.id)).toEqual(ids);
  });
});
