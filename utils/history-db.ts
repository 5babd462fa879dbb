import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { QrCodeRecord } from './qr-record';

export const HISTORY_DB_NAME = 'scene-qr';
export const HISTORY_DB_VERSION = 1;

interface HistorySchema extends DBSchema {
  codes: {
    key: string;
    value: QrCodeRecord;
    indexes: { byCreatedAt: number; byTicket: string; byAppId: string };
  };
}

let opening: Promise<IDBPDatabase<HistorySchema>> | undefined;

/** Opened lazily, once per page or worker. */
export function historyDb(): Promise<IDBPDatabase<HistorySchema>> {
  opening ??= openDB<HistorySchema>(HISTORY_DB_NAME, HISTORY_DB_VERSION, {
    upgrade(db) {
      const codes = db.createObjectStore('codes', { keyPath: 'id' });
      codes.createIndex('byCreatedAt', 'createdAt');
      codes.createIndex('byTicket', 'ticket', { unique: true });
      codes.createIndex('byAppId', 'appId');
    },
  });
  return opening;
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
  const tx = (await historyDb()).transaction('codes', 'readwrite');
  const existing = await tx.store.index('byTicket').get(record.ticket);
  if (!existing) await tx.store.add(record);
  await tx.done;
  return existing ?? record;
}

/** The newest codes first. */
export async function recentCodes(limit: number): Promise<QrCodeRecord[]> {
  const records: QrCodeRecord[] = [];
  let cursor = await (await historyDb()).transaction('codes').store.index('byCreatedAt').openCursor(null, 'prev');
  while (cursor && records.length < limit) {
    records.push(cursor.value);
    cursor = await cursor.continue();
  }
  return records;
}
