import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_DB_NAME, clearHistory, deleteCode, historyDb, restoreCode, saveCode, updateCode } from '@/utils/storage/history-db';
import { isAlive } from './code-state';
import { mergeRecords } from '@/utils/history/merge';
import { saveBatchCode } from '@/utils/batch/store';
import { code } from '@/test/unit/records';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import type { SyncMetaRow } from './local-rows';

afterEach(resetHistoryDatabase);

async function metaRows(): Promise<SyncMetaRow[]> {
  return (await historyDb()).getAll('syncMeta');
}

async function pendingIds(appId = 'wx0000000000000001'): Promise<string[]> {
  const rows = await (await historyDb()).getAllFromIndex('syncMeta', 'byPending', IDBKeyRange.bound([appId, -Infinity], [appId, Infinity]));
  return rows.map((row) => row.state.id).sort();
}

describe('every write to history records its change for sync, in the same transaction', () => {
  it('a created code waits for the server with its whole record', async () => {
    await saveCode(code('a', { label: 'poster', note: 'hall' }));
    const [row] = await metaRows();
    expect(row).toMatchObject({ key: 'code:a', appId: 'wx0000000000000001', pending: ['wx0000000000000001', expect.any(Number)] });
    expect(row!.state).toMatchObject({ id: 'a', label: ['poster', row!.state.born], note: ['hall', row!.state.born] });
    expect(row!.state.core.ticket).toBe('ticket-a');
  });

  it('a repeated ticket (the same permanent scene) records nothing twice', async () => {
    await saveCode(code('a'));
    await saveCode(code('b', { ticket: 'ticket-a' }));
    expect((await metaRows()).map((row) => row.key)).toEqual(['code:a']);
  });

  it('an edit stamps the changed field later than the value it replaced, and names it', async () => {
    await saveCode(code('a', { label: 'old' }));
    const [before] = await metaRows();
    await updateCode('a', { label: 'new', note: 'n' });
    const [after] = await metaRows();
    expect(after!.state.label[0]).toBe('new');
    expect(after!.state.label[1] > before!.state.label[1]).toBe(true);
    expect(after!.state.label[2]).toBe(before!.state.label[1]);
    expect(after!.state.note).toEqual(['n', expect.any(String)]);
  });

  it('an edit that changes nothing is not a change', async () => {
    await saveCode(code('a', { label: 'same' }));
    const [before] = await metaRows();
    await updateCode('a', { label: 'same', note: '' });
    expect((await metaRows())[0]).toEqual(before);
  });

  it('a delete leaves a tombstone newer than every edit; the undo revives it', async () => {
    await saveCode(code('a'));
    await updateCode('a', { label: 'x' });
    await deleteCode('a');
    const [dead] = await metaRows();
    expect(dead!.state.deleted! > dead!.state.label[1]).toBe(true);
    expect(isAlive(dead!.state)).toBe(false);
    await restoreCode(code('a', { label: 'x' }));
    expect(isAlive((await metaRows())[0]!.state)).toBe(true);
  });

  it('a code from before sync (no clocks yet) gets them when first edited or deleted', async () => {
    await saveCode(code('a'));
    const db = await historyDb();
    await db.clear('syncMeta');
    await updateCode('a', { label: 'later' });
    const [row] = await metaRows();
    expect(row!.state.born).toMatch(/^[0-9a-z]{9}-0000-/);
    expect(row!.pending).toEqual(['wx0000000000000001', expect.any(Number)]);
  });

  it('an import records every added code, and none it skipped, in its one transaction', async () => {
    await saveCode(code('kept'));
    const result = await mergeRecords([code('x'), code('y'), code('dup', { ticket: 'ticket-kept' })]);
    expect(result).toMatchObject({ ok: true, added: 2, skipped: 1 });
    expect(await pendingIds()).toEqual(['kept', 'x', 'y']);
  });

  it('a batch code is recorded with its item', async () => {
    await saveBatchCode({ batchId: 'b', index: 0, row: 1, scene: 's', label: 'l', state: 'pending' }, code('bc'));
    expect(await pendingIds()).toEqual(['bc']);
  });

  it('clearing history is a delete of every code', async () => {
    await saveCode(code('a'));
    await saveCode(code('b'));
    await clearHistory();
    expect((await metaRows()).every((row) => !isAlive(row.state) && row.pending)).toBe(true);
  });
});

describe('schema version 7', () => {
  it('upgrades a version-5 database: keeps the codes, adds the sync stores and a device id', async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(HISTORY_DB_NAME, 5);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('codes', { keyPath: 'id' });
        for (const [name, path, unique] of [
          ['byCreatedAt', 'createdAt', false],
          ['byTicket', 'ticket', true],
          ['byAppId', 'appId', false],
          ['byActionName', 'actionName', false],
        ] as const)
          store.createIndex(name, path, { unique });
        store.createIndex('byAppIdCreatedAt', ['appId', 'createdAt']);
        open.result.createObjectStore('batches', { keyPath: 'id' }).createIndex('byStatus', 'status');
        open.result.createObjectStore('batchItems', { keyPath: ['batchId', 'index'] });
        store.add(code('old'));
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    const db = await historyDb();
    expect(await db.count('codes')).toBe(1);
    const device = await db.get('syncState', 'device');
    expect(device).toMatchObject({ key: 'device', device: expect.stringMatching(/^[0-9a-z]{10}$/) });
    expect([...db.transaction('syncMeta').store.indexNames].sort()).toEqual(['byAppId', 'byPending']);
  });
});
