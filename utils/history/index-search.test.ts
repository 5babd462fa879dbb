import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { generateHistory } from '@/bench/history-data';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import { clearHistory, deleteCode, historyDb, restoreCode, saveCode, updateCode } from '@/utils/storage/history-db';
import { HistoryIndex, matchesSearch } from './index-search';
import { mergeRecords } from './merge';
import { EMPTY_QUERY, type HistoryQuery } from './query';
import { ACTION_NAMES } from '@/utils/wechat/qr-request';
import { DAY, NOW, code } from '@/test/unit/records';

afterEach(resetHistoryDatabase);

async function seed(): Promise<void> {
  await saveCode(code('a', { createdAt: NOW - 3 * DAY, expiresAt: NOW - 2 * DAY, label: '国贸店海报' }));
  await saveCode(code('b', { createdAt: NOW - 2 * DAY, expiresAt: NOW + 5 * DAY, sourceUrl: 'https://shop.example/?channel=fair' }));
  await saveCode(code('c', { createdAt: NOW - 1 * DAY, actionName: 'QR_LIMIT_SCENE', scene: '42', expireSeconds: null, expiresAt: null }));
  await saveCode(code('d', { createdAt: NOW, expiresAt: NOW + 1 * DAY, appId: 'wx0000000000000002', label: 'Sales', note: '收银台 Left' }));
}

const query = async (patch: Partial<HistoryQuery>) => (await HistoryIndex.build()).query({ ...EMPTY_QUERY, ...patch }, NOW);

describe('history index queries', () => {
  it('lists newest first by default, oldest first on request', async () => {
    await seed();
    expect(await query({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await query({ sort: 'created-asc' })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts by expiry with permanent codes last (they never expire)', async () => {
    await seed();
    expect(await query({ sort: 'expiry-asc' })).toEqual(['a', 'd', 'b', 'c']);
    expect(await query({ sort: 'expiry-desc' })).toEqual(['c', 'b', 'd', 'a']);
  });

  it('filters by kind, account and status, combined', async () => {
    await seed();
    expect(await query({ actionName: 'QR_LIMIT_SCENE' })).toEqual(['c']);
    expect(await query({ appId: 'wx0000000000000002' })).toEqual(['d']);
    expect(await query({ status: 'expired' })).toEqual(['a']);
    expect(await query({ status: 'active' })).toEqual(['d', 'c', 'b']);
    expect(await query({ status: 'active', appId: 'wx0000000000000001', actionName: 'QR_STR_SCENE' })).toEqual(['b']);
  });

  it('searches scene, label, source link and note as substrings, ignoring case', async () => {
    await seed();
    expect(await query({ search: '国贸' })).toEqual(['a']);
    expect(await query({ search: 'channel=FAIR' })).toEqual(['b']);
    expect(await query({ search: ' sales ' })).toEqual(['d']);
    expect(await query({ search: '收银台 left' })).toEqual(['d']);
    expect(await query({ search: '42' })).toEqual(['c']);
    expect(await query({ search: 'nothing-like-this' })).toEqual([]);
  });

  it('never matches across two fields, even for a needle holding the separator', async () => {
    await saveCode(code('x', { scene: 'ab', label: 'cd' }));
    expect(await query({ search: 'bc' })).toEqual([]);
    expect(await query({ search: 'b\u0000c' })).toEqual([]);
    expect(matchesSearch(code('y', { scene: 'ab', label: 'cd' }), 'b\u0000c')).toBe(false);
  });

  it('gives the stored records of the asked ids, in the asked order, skipping unknown ids', async () => {
    await seed();
    const stored = await (await historyDb()).getAll('codes');
    const byId = new Map(stored.map((record) => [record.id, record]));
    expect((await HistoryIndex.build()).records(['d', 'gone', 'a', 'c'])).toEqual([byId.get('d'), byId.get('a'), byId.get('c')]);
  });

  it('lists each account once, sorted', async () => {
    await seed();
    expect((await HistoryIndex.build()).accounts()).toEqual(['wx0000000000000001', 'wx0000000000000002']);
  });
});

/**
 * The queries as the page ran them before the index: order and filters from the IndexedDB
 * indexes, search by looking at every record's fields. The reference the index must equal. All
 * read once (`reference` then answers any query), so hundreds of queries stay quick.
 */
async function indexedDbReference(now: number): Promise<(q: HistoryQuery) => string[]> {
  const db = await historyDb();
  const created = await db.getAllKeysFromIndex('codes', 'byCreatedAt');
  const records = await db.getAll('codes');
  // Schema v4 dropped byExpiresAt (nothing reads it now): the same records in a scratch store
  // that has it give IndexedDB's own expiry order (permanent codes, null, are not in it).
  const scratch = await openDB('history-index-reference', 1, {
    upgrade: (scratchDb) => scratchDb.createObjectStore('codes', { keyPath: 'id' }).createIndex('byExpiresAt', 'expiresAt'),
  });
  const scratchTx = scratch.transaction('codes', 'readwrite');
  for (const record of records) void scratchTx.store.put(record);
  await scratchTx.done;
  const expiring = (await scratch.getAllKeysFromIndex('codes', 'byExpiresAt')) as string[];
  const expired = new Set((await scratch.getAllKeysFromIndex('codes', 'byExpiresAt', IDBKeyRange.upperBound(now))) as string[]);
  scratch.close();
  await deleteDB('history-index-reference');
  const expiringSet = new Set(expiring);
  const never = created.toReversed().filter((id) => !expiringSet.has(id));
  const orders = {
    'created-asc': created,
    'created-desc': created.toReversed(),
    'expiry-asc': [...expiring, ...never],
    'expiry-desc': [...never, ...expiring.toReversed()],
  };
  const keysOf = async (index: 'byActionName' | 'byAppId', key: string) => new Set(await db.getAllKeysFromIndex('codes', index, key));
  const byAction = new Map(await Promise.all(ACTION_NAMES.map(async (name) => [name, await keysOf('byActionName', name)] as const)));
  const byApp = new Map(await Promise.all([...new Set(records.map((r) => r.appId))].map(async (appId) => [appId, await keysOf('byAppId', appId)] as const)));
  return (q) => {
    const needle = q.search.trim().toLowerCase();
    const found = new Set(
      records.filter((r) => [r.scene, r.label, r.sourceUrl ?? '', r.note ?? ''].some((field) => field.toLowerCase().includes(needle))).map((r) => r.id),
    );
    return orders[q.sort].filter(
      (id) =>
        (!q.actionName || byAction.get(q.actionName)!.has(id)) &&
        (!q.appId || byApp.get(q.appId)?.has(id) === true) &&
        (q.status === 'all' || expired.has(id) === (q.status === 'expired')) &&
        (!needle || found.has(id)),
    );
  };
}

describe('the index answers exactly as the IndexedDB queries did', () => {
  it('for every sort, filter and search over 3,000 generated codes (with equal times)', async () => {
    const { records, shopsCn, venuesEn } = generateHistory(3000, NOW, 5);
    // Equal createdAt and expiresAt: ties are ordered by id, as IndexedDB orders them.
    const tiedAt = records[40]!.createdAt;
    const tied = records.slice(0, 40).map((r, i) => ({ ...r, createdAt: tiedAt, ...(r.expiresAt !== null && { expiresAt: tiedAt + 1000 * (i % 2) }) }));
    await mergeRecords([...tied, ...records.slice(40)]);
    const index = await HistoryIndex.build();
    const reference = await indexedDbReference(NOW);
    const searches = ['', shopsCn[0]!, venuesEn[3]!.toUpperCase(), 'poster', 'https://m.', '门店-', 'zz-none'];
    let matched = 0;
    for (const search of searches)
      for (const sort of ['created-desc', 'created-asc', 'expiry-asc', 'expiry-desc'] as const)
        for (const status of ['all', 'active', 'expired'] as const)
          for (const actionName of ['', ...ACTION_NAMES] as const)
            for (const appId of ['', records[0]!.appId, 'wx-nobody']) {
              const q = { search, sort, status, actionName, appId };
              const expected = reference(q);
              expect(index.query(q, NOW), JSON.stringify(q)).toEqual(expected);
              matched += expected.length;
            }
    // Not an empty comparison: the queries together list many codes.
    expect(matched).toBeGreaterThan(100_000);
  }, 60_000);
});

describe('the index stays current', () => {
  async function sameAsFresh(index: HistoryIndex): Promise<void> {
    const fresh = await HistoryIndex.build();
    for (const sort of ['created-desc', 'expiry-asc'] as const) {
      for (const search of ['', '国贸', 'new'])
        expect(index.query({ ...EMPTY_QUERY, sort, search }, NOW)).toEqual(fresh.query({ ...EMPTY_QUERY, sort, search }, NOW));
    }
    expect(index.accounts()).toEqual(fresh.accounts());
    // The records export writes: the same as a fresh read of the store, field for field.
    const ids = fresh.query(EMPTY_QUERY, NOW);
    expect(index.records(ids)).toEqual(fresh.records(ids));
  }

  it('after new codes, edits, deletes, undo, imports and clearing, applied from the change feed', async () => {
    const { onHistoryChange } = await import('./changes');
    await seed();
    const index = await HistoryIndex.build();
    const stop = onHistoryChange((change) => change.kind !== 'reload' && index.apply(change));
    try {
      await saveCode(code('e', { label: 'new code', createdAt: NOW + 1, appId: 'wx0000000000000003' }));
      expect(index.query({ ...EMPTY_QUERY, search: 'new' }, NOW)).toEqual(['e']);
      await updateCode('a', { label: 'renamed new' });
      expect(index.query({ ...EMPTY_QUERY, search: '国贸' }, NOW)).toEqual([]);
      expect(index.records(['a'])[0]?.label).toBe('renamed new');
      await sameAsFresh(index);
      const deleted = await deleteCode('b');
      expect(index.query(EMPTY_QUERY, NOW)).toEqual(['e', 'd', 'c', 'a']);
      expect(index.records(['b'])).toEqual([]);
      await restoreCode(deleted!);
      await sameAsFresh(index);
      await mergeRecords([code('f', { createdAt: NOW - 10 * DAY }), code('g', { label: '国贸 new', expiresAt: NOW - 1 })]);
      expect(index.query({ ...EMPTY_QUERY, status: 'expired' }, NOW)).toEqual(['g', 'a']);
      await sameAsFresh(index);
      await clearHistory();
      expect(index.size).toBe(0);
      expect(index.accounts()).toEqual([]);
    } finally {
      stop();
    }
  });

  it('replays changes made while it was being built, and rebuilds on reload', async () => {
    const { watchHistoryIndex } = await import('./live-index');
    const { announceHistoryChange } = await import('./changes');
    await seed();
    const updates: HistoryIndex[] = [];
    const stop = watchHistoryIndex((index) => updates.push(index));
    try {
      // Written while the first scan runs: whether the scan saw it or not, the result has it.
      await deleteCode('a');
      await saveCode(code('late', { createdAt: NOW + DAY }));
      await expect.poll(() => updates.length).toBeGreaterThan(0);
      const index = updates.at(-1)!;
      expect(index.query(EMPTY_QUERY, NOW)).toEqual(['late', 'd', 'c', 'b']);

      await (await historyDb()).put('codes', code('elsewhere', { createdAt: NOW + 2 * DAY }));
      announceHistoryChange({ kind: 'reload' });
      await expect.poll(() => updates.at(-1)!.query(EMPTY_QUERY, NOW)[0]).toBe('elsewhere');
    } finally {
      stop();
    }
  });
});

describe('expiring soon (issue #15)', () => {
  async function expiringSeed(): Promise<void> {
    await saveCode(code('gone', { expiresAt: NOW - 1 }));
    await saveCode(code('in1', { expiresAt: NOW + 1 * DAY }));
    await saveCode(code('in3', { expiresAt: NOW + 3 * DAY }));
    await saveCode(code('in5', { expiresAt: NOW + 5 * DAY, appId: 'wx0000000000000002' }));
    await saveCode(code('in8', { expiresAt: NOW + 8 * DAY }));
    await saveCode(code('perm', { actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: null, expiresAt: null }));
    // in1 was renewed already: it needs nothing more.
    await saveCode(code('in1-new', { createdAt: NOW + 1, expiresAt: NOW + 31 * DAY, renewedFromId: 'in1' }));
  }

  it('filters to codes still scannable that expire within 3 or 7 days and nothing has replaced, and counts them', async () => {
    await expiringSeed();
    const index = await HistoryIndex.build();
    expect(index.query({ ...EMPTY_QUERY, status: 'within3', sort: 'expiry-asc' }, NOW)).toEqual(['in3']);
    expect(index.query({ ...EMPTY_QUERY, status: 'within7', sort: 'expiry-asc' }, NOW)).toEqual(['in3', 'in5']);
    expect(index.query({ ...EMPTY_QUERY, status: 'within7', appId: 'wx0000000000000002' }, NOW)).toEqual(['in5']);
    expect(index.expiringCounts(NOW)).toEqual({ 3: 1, 7: 2 });
    // Three and a half days on: in3 has expired, in5 is within 3 days, in8 within 7.
    expect(index.expiringCounts(NOW + 3.5 * DAY)).toEqual({ 3: 1, 7: 2 });
    expect(index.query({ ...EMPTY_QUERY, status: 'within3' }, NOW + 3.5 * DAY)).toEqual(['in5']);
  });

  it('names the code that replaced one, the newest if several did, and follows renewals from the change feed', async () => {
    const { onHistoryChange } = await import('./changes');
    await expiringSeed();
    const index = await HistoryIndex.build();
    const stop = onHistoryChange((change) => change.kind !== 'reload' && index.apply(change));
    try {
      expect(index.replacedBy('in1')).toBe('in1-new');
      expect(index.replacedBy('in3')).toBeUndefined();
      await saveCode(code('in3-new', { createdAt: NOW + 2, expiresAt: NOW + 30 * DAY, renewedFromId: 'in3' }));
      await saveCode(code('in3-newer', { createdAt: NOW + 3, expiresAt: NOW + 30 * DAY, renewedFromId: 'in3' }));
      expect(index.replacedBy('in3')).toBe('in3-newer');
      expect(index.expiringCounts(NOW)).toEqual({ 3: 0, 7: 1 });
      // The renewal deleted from history: the old code needs renewing again.
      await deleteCode('in3-newer');
      await deleteCode('in3-new');
      expect(index.replacedBy('in3')).toBeUndefined();
      expect(index.query({ ...EMPTY_QUERY, status: 'within3' }, NOW)).toEqual(['in3']);
    } finally {
      stop();
    }
  });

  // Counts only: how fast it is belongs in a benchmark, not in a timed test on a shared machine.
  it('counts exactly among 100,000 codes, from the expiry order', async () => {
    const { records } = generateHistory(100_000, NOW, 7);
    const index = new HistoryIndex();
    index.apply({ kind: 'put', records });
    index.query({ ...EMPTY_QUERY, sort: 'expiry-asc' }, NOW);
    const counts = index.expiringCounts(NOW);
    const expected = records.filter((r) => r.expiresAt !== null && r.expiresAt > NOW && r.expiresAt <= NOW + 7 * DAY).length;
    expect(counts[7]).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  }, 60_000);
});
