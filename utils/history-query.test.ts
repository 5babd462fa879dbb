import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_DB_NAME, closeHistoryDb, historyDb, saveCode } from './history-db';
import { EMPTY_QUERY, codeStatus, codesByIds, historyAccounts, queryCodeIds } from './history-query';
import type { QrCodeRecord } from './qr-record';

const NOW = 1_700_000_000_000;
const DAY = 86_400_000;

function code(id: string, patch: Partial<QrCodeRecord> = {}): QrCodeRecord {
  return {
    id,
    appId: 'wx0000000000000001',
    actionName: 'QR_STR_SCENE',
    scene: `scene-${id}`,
    label: '',
    ticket: `ticket-${id}`,
    url: `http://weixin.qq.com/q/${id}`,
    expireSeconds: 86400,
    createdAt: NOW,
    expiresAt: NOW + DAY,
    ...patch,
  };
}

function deleteDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(HISTORY_DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

afterEach(async () => {
  await closeHistoryDb();
  await deleteDatabase();
});

async function seed(): Promise<void> {
  await saveCode(code('a', { createdAt: NOW - 3 * DAY, expiresAt: NOW - 2 * DAY, label: '国贸店海报' }));
  await saveCode(code('b', { createdAt: NOW - 2 * DAY, expiresAt: NOW + 5 * DAY, sourceUrl: 'https://shop.example/?channel=fair' }));
  await saveCode(code('c', { createdAt: NOW - 1 * DAY, actionName: 'QR_LIMIT_SCENE', scene: '42', expireSeconds: null, expiresAt: null }));
  await saveCode(code('d', { createdAt: NOW, expiresAt: NOW + 1 * DAY, appId: 'wx0000000000000002', label: 'Sales' }));
}

describe('history queries', () => {
  it('lists newest first by default, oldest first on request', async () => {
    await seed();
    expect(await queryCodeIds(EMPTY_QUERY, NOW)).toEqual(['d', 'c', 'b', 'a']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, sort: 'created-asc' }, NOW)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts by expiry with permanent codes last (they never expire)', async () => {
    await seed();
    expect(await queryCodeIds({ ...EMPTY_QUERY, sort: 'expiry-asc' }, NOW)).toEqual(['a', 'd', 'b', 'c']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, sort: 'expiry-desc' }, NOW)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('filters by kind, account and status, combined', async () => {
    await seed();
    expect(await queryCodeIds({ ...EMPTY_QUERY, actionName: 'QR_LIMIT_SCENE' }, NOW)).toEqual(['c']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, appId: 'wx0000000000000002' }, NOW)).toEqual(['d']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, status: 'expired' }, NOW)).toEqual(['a']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, status: 'active' }, NOW)).toEqual(['d', 'c', 'b']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, status: 'active', appId: 'wx0000000000000001', actionName: 'QR_STR_SCENE' }, NOW)).toEqual(['b']);
  });

  it('searches scene, label and source link as substrings, ignoring case', async () => {
    await seed();
    expect(await queryCodeIds({ ...EMPTY_QUERY, search: '国贸' }, NOW)).toEqual(['a']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, search: 'channel=FAIR' }, NOW)).toEqual(['b']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, search: 'sales' }, NOW)).toEqual(['d']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, search: '42' }, NOW)).toEqual(['c']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, search: 'nothing-like-this' }, NOW)).toEqual([]);
  });

  it('searches across more records than one batch', async () => {
    for (let i = 0; i < 12_000; i++) await saveCode(code(String(i).padStart(6, '0'), { scene: i === 11_999 ? 'needle' : `s${i}` }));
    expect(await queryCodeIds({ ...EMPTY_QUERY, search: 'needle' }, NOW)).toEqual(['011999']);
  }, 60_000);

  it('reads visible rows by id, skipping ones deleted meanwhile', async () => {
    await seed();
    expect((await codesByIds(['b', 'gone', 'a'])).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('lists each account once', async () => {
    await seed();
    expect(await historyAccounts()).toEqual(['wx0000000000000001', 'wx0000000000000002']);
  });

  it('derives status from the stored absolute expiry', () => {
    expect(codeStatus(code('x', { expiresAt: NOW + 2.5 * DAY }), NOW)).toEqual({ kind: 'active', daysLeft: 3 });
    expect(codeStatus(code('x', { expiresAt: NOW }), NOW)).toEqual({ kind: 'expired' });
    expect(codeStatus(code('x', { actionName: 'QR_LIMIT_STR_SCENE', expiresAt: null }), NOW)).toEqual({ kind: 'permanent' });
  });
});

describe('schema upgrade', () => {
  it('opens a version-1 database, keeps its records and adds the new indexes and the batch stores', async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(HISTORY_DB_NAME, 1);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('codes', { keyPath: 'id' });
        store.createIndex('byCreatedAt', 'createdAt');
        store.createIndex('byTicket', 'ticket', { unique: true });
        store.createIndex('byAppId', 'appId');
        store.add(code('old', { expiresAt: NOW - DAY }));
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    const db = await historyDb();
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['batchItems', 'batches', 'codes']);
    expect([...db.transaction('codes').store.indexNames].sort()).toEqual(['byActionName', 'byAppId', 'byCreatedAt', 'byExpiresAt', 'byTicket']);
    expect(await queryCodeIds({ ...EMPTY_QUERY, status: 'expired' }, NOW)).toEqual(['old']);
  });
});

describe('editing', () => {
  it('stores an emptied note as no note, as export and import would', async () => {
    const { updateCode, getCode } = await import('./history-db');
    await saveCode(code('n', { note: 'old' }));
    await updateCode('n', { label: 'L', note: '' });
    expect(await getCode('n')).not.toHaveProperty('note');
    expect((await getCode('n'))?.label).toBe('L');
  });
});

describe('permanent codes per account', () => {
  it('counts only the permanent codes of that account', async () => {
    const { permanentCodeCount } = await import('./history-query');
    await seed();
    await saveCode(code('e', { actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: null, expiresAt: null }));
    await saveCode(code('f', { actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: null, expiresAt: null, appId: 'wx0000000000000002' }));
    expect(await permanentCodeCount('wx0000000000000001')).toBe(2);
    expect(await permanentCodeCount('wx0000000000000002')).toBe(1);
    expect(await permanentCodeCount('wx0000000000000009')).toBe(0);
  });
});

describe('first rows', () => {
  it('gives the first ids of an unfiltered list in the same order as the full query, with the total', async () => {
    const { firstCodeIds } = await import('./history-query');
    await seed();
    expect(await firstCodeIds(EMPTY_QUERY, 2)).toEqual({ ids: ['d', 'c'], total: 4 });
    expect(await firstCodeIds({ ...EMPTY_QUERY, sort: 'created-asc' }, 3)).toEqual({ ids: ['a', 'b', 'c'], total: 4 });
    expect((await firstCodeIds(EMPTY_QUERY, 10))?.ids).toEqual(await queryCodeIds(EMPTY_QUERY, NOW));
  });

  it('leaves filtered, searched and expiry-sorted lists to the full query', async () => {
    const { firstCodeIds } = await import('./history-query');
    await seed();
    expect(await firstCodeIds({ ...EMPTY_QUERY, search: 'x' }, 5)).toBeUndefined();
    expect(await firstCodeIds({ ...EMPTY_QUERY, actionName: 'QR_SCENE' }, 5)).toBeUndefined();
    expect(await firstCodeIds({ ...EMPTY_QUERY, sort: 'expiry-asc' }, 5)).toBeUndefined();
  });
});
