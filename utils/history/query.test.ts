import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_DB_NAME, HISTORY_DB_VERSION, closeHistoryDb, historyDb, saveCode } from '@/utils/storage/history-db';
import { HistoryIndex } from './index-search';
import { EMPTY_QUERY, codeStatus, codesByIds, countCodes, firstCodes, queryFromHash } from './query';
import type { QrCodeRecord } from '@/utils/codes/record';
import { DAY, NOW, code } from '@/test/unit/records';
import { deleteDatabase } from '@/test/unit/helpers';

afterEach(async () => {
  await closeHistoryDb();
  await deleteDatabase(HISTORY_DB_NAME);
});

async function seed(): Promise<void> {
  await saveCode(code('a', { createdAt: NOW - 3 * DAY, expiresAt: NOW - 2 * DAY, label: '国贸店海报' }));
  await saveCode(code('b', { createdAt: NOW - 2 * DAY, expiresAt: NOW + 5 * DAY, sourceUrl: 'https://shop.example/?channel=fair' }));
  await saveCode(code('c', { createdAt: NOW - 1 * DAY, actionName: 'QR_LIMIT_SCENE', scene: '42', expireSeconds: null, expiresAt: null }));
  await saveCode(code('d', { createdAt: NOW, expiresAt: NOW + 1 * DAY, appId: 'wx0000000000000002', label: 'Sales' }));
}

describe('history queries', () => {
  it('scans more records than one batch', async () => {
    const { scanRecords } = await import('./query');
    for (let i = 0; i < 12_000; i++) await saveCode(code(String(i).padStart(6, '0')));
    const seen: string[] = [];
    await scanRecords((record) => seen.push(record.id));
    expect(seen).toHaveLength(12_000);
    expect(new Set(seen).size).toBe(12_000);
  }, 60_000);

  it('reads visible rows by id, skipping ones deleted meanwhile', async () => {
    await seed();
    expect((await codesByIds(['b', 'gone', 'a'])).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('derives status from the stored absolute expiry', () => {
    expect(codeStatus(code('x', { expiresAt: NOW + 2.5 * DAY }), NOW)).toEqual({ kind: 'active', daysLeft: 3 });
    expect(codeStatus(code('x', { expiresAt: NOW }), NOW)).toEqual({ kind: 'expired' });
    expect(codeStatus(code('x', { actionName: 'QR_LIMIT_STR_SCENE', expiresAt: null }), NOW)).toEqual({ kind: 'permanent' });
  });
});

describe('schema upgrade', () => {
  /** Makes the database as an older version of the extension left it, with one record in it. */
  function createOld(version: 1 | 3 | 4, record: QrCodeRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(HISTORY_DB_NAME, version);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('codes', { keyPath: 'id' });
        store.createIndex('byCreatedAt', 'createdAt');
        store.createIndex('byTicket', 'ticket', { unique: true });
        store.createIndex('byAppId', 'appId');
        if (version === 4) store.createIndex('byActionName', 'actionName');
        if (version === 3) {
          store.createIndex('byExpiresAt', 'expiresAt');
          store.createIndex('byActionName', 'actionName');
          open.result.createObjectStore('batches', { keyPath: 'id' }).createIndex('byStatus', 'status');
          open.result
            .createObjectStore('batchItems', { keyPath: ['batchId', 'index'] })
            .add({ batchId: 'b1', index: 0, row: 1, scene: 's', label: '', state: 'pending' });
        }
        store.add(record);
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
  }

  const V5_INDEXES = ['byActionName', 'byAppId', 'byAppIdCreatedAt', 'byCreatedAt', 'byTicket'];

  it('opens a version-1 database, keeps its records and adds the indexes and the batch stores of version 5', async () => {
    await createOld(1, code('old', { expiresAt: NOW - DAY }));
    const db = await historyDb();
    expect(db.version).toBe(HISTORY_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(expect.arrayContaining(['batchItems', 'batches', 'codes']));
    expect([...db.transaction('codes').store.indexNames].sort()).toEqual(V5_INDEXES);
    expect((await HistoryIndex.build()).query({ ...EMPTY_QUERY, status: 'expired' }, NOW)).toEqual(['old']);
  });

  it('opens a version-3 database without byExpiresAt, keeping its records, batch items and the unique ticket', async () => {
    const old = code('old', { expiresAt: NOW - DAY, ticket: 'T-old' });
    await createOld(3, old);
    const db = await historyDb();
    expect(db.version).toBe(HISTORY_DB_VERSION);
    expect([...db.transaction('codes').store.indexNames].sort()).toEqual(V5_INDEXES);
    expect(await db.getAll('codes')).toEqual([old]);
    expect(await db.getAll('batchItems')).toEqual([{ batchId: 'b1', index: 0, row: 1, scene: 's', label: '', state: 'pending' }]);
    expect(db.transaction('codes').store.index('byTicket').unique).toBe(true);
    // The same ticket again is the kept record, not a second one.
    expect((await saveCode(code('again', { ticket: 'T-old' }))).id).toBe('old');
    expect(await countCodes()).toBe(1);
    expect((await HistoryIndex.build()).query({ ...EMPTY_QUERY, status: 'expired', sort: 'expiry-asc' }, NOW)).toEqual(['old']);
  });

  it('adds byAppIdCreatedAt to a version-4 database, over the codes it already holds', async () => {
    const { recentCodesOf } = await import('@/utils/storage/history-db');
    await createOld(4, code('kept'));
    const db = await historyDb();
    expect(db.version).toBe(HISTORY_DB_VERSION);
    expect([...db.transaction('codes').store.indexNames].sort()).toEqual(V5_INDEXES);
    expect((await recentCodesOf('wx0000000000000001', 5)).map((r) => r.id)).toEqual(['kept']);
  });
});

describe("an account's newest codes", () => {
  it("lists only that account's codes, newest first, as many as asked", async () => {
    const { recentCodesOf } = await import('@/utils/storage/history-db');
    const other = 'wx0000000000000002';
    // Ids in the opposite order of creation: the order must come from createdAt, not from the key.
    for (let i = 0; i < 8; i++) await saveCode(code(`z${9 - i}`, { createdAt: NOW + i * DAY, appId: i % 2 ? other : 'wx0000000000000001' }));
    expect((await recentCodesOf('wx0000000000000001', 3)).map((r) => r.id)).toEqual(['z3', 'z5', 'z7']);
    expect((await recentCodesOf(other, 10)).map((r) => r.id)).toEqual(['z2', 'z4', 'z6', 'z8']);
    expect(await recentCodesOf('wx00000000000000ff', 5)).toEqual([]);
  });
});

describe('editing', () => {
  it('stores an emptied note as no note, as export and import would', async () => {
    const { updateCode, getCode } = await import('@/utils/storage/history-db');
    await saveCode(code('n', { note: 'old' }));
    await updateCode('n', { label: 'L', note: '' });
    expect(await getCode('n')).not.toHaveProperty('note');
    expect((await getCode('n'))?.label).toBe('L');
  });
});

describe('permanent codes per account', () => {
  it('counts only the permanent codes of that account', async () => {
    const { permanentCodeCount } = await import('./query');
    await seed();
    await saveCode(code('e', { actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: null, expiresAt: null }));
    await saveCode(code('f', { actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: null, expiresAt: null, appId: 'wx0000000000000002' }));
    expect(await permanentCodeCount('wx0000000000000001')).toBe(2);
    expect(await permanentCodeCount('wx0000000000000002')).toBe(1);
    expect(await permanentCodeCount('wx0000000000000009')).toBe(0);
  });
});

describe('first rows', () => {
  it('gives the first records of an unfiltered list in the same order as the full query', async () => {
    await seed();
    const ids = async (query: typeof EMPTY_QUERY, limit: number) => (await firstCodes(query, limit))?.map((r) => r.id);
    expect(await ids(EMPTY_QUERY, 2)).toEqual(['d', 'c']);
    expect(await ids({ ...EMPTY_QUERY, sort: 'created-asc' }, 3)).toEqual(['a', 'b', 'c']);
    expect(await ids(EMPTY_QUERY, 10)).toEqual((await HistoryIndex.build()).query(EMPTY_QUERY, NOW));
    expect(await countCodes()).toBe(4);
  });

  it('leaves filtered, searched and expiry-sorted lists to the index', async () => {
    await seed();
    expect(await firstCodes({ ...EMPTY_QUERY, search: 'x' }, 5)).toBeUndefined();
    expect(await firstCodes({ ...EMPTY_QUERY, actionName: 'QR_SCENE' }, 5)).toBeUndefined();
    expect(await firstCodes({ ...EMPTY_QUERY, sort: 'expiry-asc' }, 5)).toBeUndefined();
  });
});

describe('queryFromHash (links into history)', () => {
  it("opens the expiry reminder's filter sorted by expiry, and ignores what it does not know", () => {
    expect(queryFromHash('#status=within3')).toEqual({ ...EMPTY_QUERY, status: 'within3', sort: 'expiry-asc' });
    expect(queryFromHash('#status=expired')).toEqual({ ...EMPTY_QUERY, status: 'expired' });
    expect(queryFromHash('#status=nonsense')).toBe(EMPTY_QUERY);
    expect(queryFromHash('#code=abc')).toBe(EMPTY_QUERY);
    expect(queryFromHash('')).toBe(EMPTY_QUERY);
  });
});
