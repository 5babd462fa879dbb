import { type DBSchema, type IDBPDatabase, openDB, unwrap } from 'idb';
import type { BatchItem, BatchJob } from '@/utils/batch/job';
import { announceHistoryChange } from '@/utils/history/changes';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { OutboxKey, SyncMetaRow, SyncStateRow } from '@/utils/sync/merge/local-rows';
import { captureCreated, captureDeleted, captureEdited, captureRestored, deviceIn } from '@/utils/sync/merge/capture';
import { newDeviceId } from '@/utils/sync/merge/hlc';

export const HISTORY_DB_NAME = 'scene-qr';
/**
 * 1: codes with byCreatedAt, byTicket (unique), byAppId.
 * 2: byExpiresAt and byActionName, for the history page's filters and expiry sort.
 * 3: batches and batchItems (keyed [batchId, index]), for batch creation that survives a worker restart.
 * 4: byExpiresAt dropped. Nothing reads it since the history page sorts and filters in memory
 *    (history-index.ts), and every add paid for it: 5-8 % of the IndexedDB time of adding 100,000
 *    codes in Chromium here. The other indexes are read: byCreatedAt (first rows, popup), byTicket
 *    (unique: a repeated ticket is a duplicate), byAppId and byActionName (report, permanent counts).
 * 5: byAppIdCreatedAt ([appId, createdAt]): the popup lists the current account's newest codes from a
 *    bounded cursor, however many codes other accounts have (byAppId alone orders by the random id).
 * 7: sync (utils/sync/merge/local-rows.ts): syncMeta (each record's clocks and tombstones; byPending = the
 *    outbox, byAppId for snapshots) and syncState (this profile's device id, made here, and per account
 *    what it has written and read). Every write below records its change in the same transaction.
 *    (6 belongs to another feature; the steps are written so 5 → 7 works with or without it.)
 */
export const HISTORY_DB_VERSION = 7;

interface HistorySchema extends DBSchema {
  codes: {
    key: string;
    value: QrCodeRecord;
    indexes: { byCreatedAt: number; byTicket: string; byAppId: string; byActionName: string; byAppIdCreatedAt: [string, number] };
  };
  batches: {
    key: string;
    value: BatchJob;
    indexes: { byStatus: string };
  };
  batchItems: {
    key: [string, number];
    value: BatchItem;
  };
  syncMeta: {
    key: string;
    value: SyncMetaRow;
    indexes: { byPending: OutboxKey; byAppId: string };
  };
  syncState: {
    key: string;
    value: SyncStateRow;
  };
}

/** The stores a write to `codes` takes with it, so its change for sync is recorded in the same transaction. */
export const CODE_WRITE_STORES = ['codes', 'syncMeta', 'syncState'] as const;

let opening: Promise<IDBPDatabase<HistorySchema>> | undefined;

/**
 * Opened lazily, once per page or worker. Every write below announces what it changed
 * (history-changes.ts) once its transaction has committed.
 */
export function historyDb(): Promise<IDBPDatabase<HistorySchema>> {
  opening ??= openDB<HistorySchema>(HISTORY_DB_NAME, HISTORY_DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const codes = db.createObjectStore('codes', { keyPath: 'id' });
        codes.createIndex('byCreatedAt', 'createdAt');
        codes.createIndex('byTicket', 'ticket', { unique: true });
        codes.createIndex('byAppId', 'appId');
      }
      if (oldVersion < 2) tx.objectStore('codes').createIndex('byActionName', 'actionName');
      if (oldVersion < 3) {
        // byStatus: a restarted worker looks for running batches without reading every job.
        db.createObjectStore('batches', { keyPath: 'id' }).createIndex('byStatus', 'status');
        db.createObjectStore('batchItems', { keyPath: ['batchId', 'index'] });
      }
      // Made by versions 2 and 3 (a new or version-1 database never had it); raw: the schema type no longer names it.
      if (oldVersion === 2 || oldVersion === 3) unwrap(tx.objectStore('codes')).deleteIndex('byExpiresAt');
      if (oldVersion < 5) tx.objectStore('codes').createIndex('byAppIdCreatedAt', ['appId', 'createdAt']);
      if (oldVersion < 7) {
        const meta = db.createObjectStore('syncMeta', { keyPath: 'key' });
        // Sparse: only rows with a change the server has not confirmed carry `pending`.
        meta.createIndex('byPending', 'pending');
        meta.createIndex('byAppId', 'appId');
        void db.createObjectStore('syncState', { keyPath: 'key' }).put({ key: 'device', device: newDeviceId() });
      }
    },
  });
  return opening;
}

/** This browser profile's sync device id (made with the database). */
export async function syncDeviceId(): Promise<string> {
  const tx = (await historyDb()).transaction('syncState', 'readwrite');
  const device = await deviceIn(tx.store);
  await tx.done;
  return device;
}

/** For tests that delete the database between cases. */
export async function closeHistoryDb(): Promise<void> {
  const db = await opening;
  db?.close();
  opening = undefined;
}

/**
 * Saves a created code. WeChat may answer a repeated permanent request with the same ticket:
 * then the record already kept is returned and history shows no duplicate.
 */
export async function saveCode(record: QrCodeRecord): Promise<QrCodeRecord> {
  const tx = (await historyDb()).transaction(CODE_WRITE_STORES, 'readwrite');
  const device = await deviceIn(tx.objectStore('syncState'));
  const { saved, added } = await addCodeOnce(tx.objectStore('codes'), record);
  if (added) await captureCreated(tx.objectStore('syncMeta'), device, record);
  await tx.done;
  if (added) announceHistoryChange({ kind: 'put', records: [record] });
  return saved;
}

/** The part of a readwrite `codes` store addCodeOnce needs, whatever else its transaction covers. */
interface WritableCodes {
  index(name: 'byTicket'): { get(ticket: string): Promise<QrCodeRecord | undefined> };
  add(record: QrCodeRecord): Promise<unknown>;
}

/**
 * Inside the caller's transaction: adds the record unless history already has its ticket (a
 * repeated permanent scene), and says which record is kept. The caller announces an added one
 * once its transaction has committed.
 */
export async function addCodeOnce(codes: WritableCodes, record: QrCodeRecord): Promise<{ saved: QrCodeRecord; added: boolean }> {
  const existing = await codes.index('byTicket').get(record.ticket);
  // Not awaited: the transaction's completion reports a failed add.
  if (!existing) void codes.add(record);
  return { saved: existing ?? record, added: !existing };
}

/** The newest codes first, of every account. */
export function recentCodes(limit: number): Promise<QrCodeRecord[]> {
  return newestCodes('byCreatedAt', null, limit);
}

/** One account's newest codes first: a bounded cursor however many codes history holds (the popup's list). */
export function recentCodesOf(appId: string, limit: number): Promise<QrCodeRecord[]> {
  return newestCodes('byAppIdCreatedAt', IDBKeyRange.bound([appId, -Infinity], [appId, Infinity]), limit);
}

async function newestCodes(index: 'byCreatedAt' | 'byAppIdCreatedAt', range: IDBKeyRange | null, limit: number): Promise<QrCodeRecord[]> {
  const records: QrCodeRecord[] = [];
  let cursor = await (await historyDb()).transaction('codes').store.index(index).openCursor(range, 'prev');
  while (cursor && records.length < limit) {
    records.push(cursor.value);
    cursor = await cursor.continue();
  }
  return records;
}

export type CodeEdit = Partial<Pick<QrCodeRecord, 'label' | 'note'>>;

/** Edits the operator's own fields of a record; returns the updated record. */
export async function updateCode(id: string, edit: CodeEdit): Promise<QrCodeRecord | undefined> {
  const tx = (await historyDb()).transaction(CODE_WRITE_STORES, 'readwrite');
  const device = await deviceIn(tx.objectStore('syncState'));
  const codes = tx.objectStore('codes');
  const record = await codes.get(id);
  const updated = record && { ...record, ...edit };
  // An emptied note is no note: records stay the same shape as ones that never had one (and as an export round trip).
  if (updated && !updated.note) delete updated.note;
  if (record && updated) {
    await codes.put(updated);
    await captureEdited(tx.objectStore('syncMeta'), device, record, edit);
  }
  await tx.done;
  if (updated) announceHistoryChange({ kind: 'put', records: [updated] });
  return updated;
}

/** Removes a record from local history (WeChat cannot delete codes); returns it so it can be restored. */
export async function deleteCode(id: string): Promise<QrCodeRecord | undefined> {
  const tx = (await historyDb()).transaction(CODE_WRITE_STORES, 'readwrite');
  const device = await deviceIn(tx.objectStore('syncState'));
  const record = await tx.objectStore('codes').get(id);
  if (record) {
    await tx.objectStore('codes').delete(id);
    await captureDeleted(tx.objectStore('syncMeta'), device, record);
  }
  await tx.done;
  if (record) announceHistoryChange({ kind: 'delete', ids: [id] });
  return record;
}

/** Puts a deleted record back (undo). */
export async function restoreCode(record: QrCodeRecord): Promise<void> {
  const tx = (await historyDb()).transaction(CODE_WRITE_STORES, 'readwrite');
  const device = await deviceIn(tx.objectStore('syncState'));
  await tx.objectStore('codes').put(record);
  await captureRestored(tx.objectStore('syncMeta'), device, record);
  await tx.done;
  announceHistoryChange({ kind: 'put', records: [record] });
}

export async function getCode(id: string): Promise<QrCodeRecord | undefined> {
  return (await historyDb()).get('codes', id);
}

/**
 * Clears the codes only: a batch's items still say which rows were done. For sync it is a delete of
 * every code (tombstones), like deleting them one by one: what history shows is what syncs.
 */
export async function clearHistory(): Promise<void> {
  const tx = (await historyDb()).transaction(CODE_WRITE_STORES, 'readwrite');
  const device = await deviceIn(tx.objectStore('syncState'));
  const records = await tx.objectStore('codes').getAll();
  await Promise.all(records.map((record) => captureDeleted(tx.objectStore('syncMeta'), device, record)));
  await tx.objectStore('codes').clear();
  await tx.done;
  announceHistoryChange({ kind: 'clear' });
}
