import { historyDb } from './history-db';
import type { QrCodeRecord } from './qr-record';
import { type ActionName, isPermanent } from './qr-request';

export type StatusFilter = 'all' | 'active' | 'expired';
export type HistorySort = 'created-desc' | 'created-asc' | 'expiry-asc' | 'expiry-desc';

export interface HistoryQuery {
  /** Substring of scene, label or source link; case-insensitive. */
  search: string;
  actionName: ActionName | '';
  status: StatusFilter;
  appId: string;
  sort: HistorySort;
}

export const EMPTY_QUERY: HistoryQuery = { search: '', actionName: '', status: 'all', appId: '', sort: 'created-desc' };

/** Records read per batch while searching: bounded memory, few round trips. */
const SEARCH_BATCH = 5000;

type Db = Awaited<ReturnType<typeof historyDb>>;

/** Primary keys in the requested order, from the indexes alone (no record is loaded). */
async function orderedIds(db: Db, sort: HistorySort): Promise<string[]> {
  if (sort === 'created-desc' || sort === 'created-asc') {
    const ids = await db.getAllKeysFromIndex('codes', 'byCreatedAt');
    return sort === 'created-desc' ? ids.reverse() : ids;
  }
  // Temporary codes by expiry; permanent ones never expire, so they come last (newest first).
  const temporary = await db.getAllKeysFromIndex('codes', 'byExpiresAt');
  const permanent = (await db.getAllKeysFromIndex('codes', 'byCreatedAt')).reverse();
  const temporarySet = new Set(temporary);
  const never = permanent.filter((id) => !temporarySet.has(id));
  return sort === 'expiry-asc' ? [...temporary, ...never] : [...never, ...temporary.reverse()];
}

/** The ids each active filter allows, each read from one index; undefined when no filter narrows. */
async function allowedIds(db: Db, query: HistoryQuery, now: number): Promise<Set<string> | undefined> {
  const sets: Set<string>[] = [];
  if (query.actionName) sets.push(new Set(await db.getAllKeysFromIndex('codes', 'byActionName', query.actionName)));
  if (query.appId) sets.push(new Set(await db.getAllKeysFromIndex('codes', 'byAppId', query.appId)));
  if (query.status === 'expired') sets.push(new Set(await db.getAllKeysFromIndex('codes', 'byExpiresAt', IDBKeyRange.upperBound(now))));
  if (query.status === 'active') {
    const expired = new Set(await db.getAllKeysFromIndex('codes', 'byExpiresAt', IDBKeyRange.upperBound(now)));
    const all = await db.getAllKeys('codes');
    sets.push(new Set(all.filter((id) => !expired.has(id))));
  }
  if (sets.length === 0) return undefined;
  const [first, ...rest] = sets.sort((a, b) => a.size - b.size);
  return new Set([...first!].filter((id) => rest.every((set) => set.has(id))));
}

export function matchesSearch(record: QrCodeRecord, needle: string): boolean {
  return [record.scene, record.label, record.sourceUrl ?? '', record.note ?? ''].some((field) => field.toLowerCase().includes(needle));
}

/**
 * Visits every record in batches by primary key: one getAll per batch is far faster than a cursor
 * or a get() per record, and memory stays bounded by the batch.
 */
export async function scanRecords(visit: (record: QrCodeRecord) => void): Promise<void> {
  const db = await historyDb();
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const batch = await db.getAll('codes', range, SEARCH_BATCH);
    batch.forEach(visit);
    if (batch.length < SEARCH_BATCH) return;
    after = batch[batch.length - 1]!.id;
  }
}

/** Ids whose record matches the search. */
async function searchIds(search: string): Promise<Set<string>> {
  const needle = search.toLowerCase();
  const found = new Set<string>();
  await scanRecords((record) => {
    if (matchesSearch(record, needle)) found.add(record.id);
  });
  return found;
}

/** The ids of every record matching the query, in display order: the list virtualizes over these. */
export async function queryCodeIds(query: HistoryQuery, now: number = Date.now()): Promise<string[]> {
  const db = await historyDb();
  const [ordered, allowed, searched] = await Promise.all([
    orderedIds(db, query.sort),
    allowedIds(db, query, now),
    query.search.trim() ? searchIds(query.search.trim()) : Promise.resolve(undefined),
  ]);
  return ordered.filter((id) => (!allowed || allowed.has(id)) && (!searched || searched.has(id)));
}

/** The records of the visible rows, in the order asked; ids deleted meanwhile are skipped. */
export async function codesByIds(ids: readonly string[]): Promise<QrCodeRecord[]> {
  const tx = (await historyDb()).transaction('codes');
  const records = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return records.filter((record): record is QrCodeRecord => record !== undefined);
}

/** Every account that has codes, from the index (one key per account). */
export async function historyAccounts(): Promise<string[]> {
  const accounts: string[] = [];
  let cursor = await (await historyDb()).transaction('codes').store.index('byAppId').openKeyCursor(null, 'nextunique');
  while (cursor) {
    accounts.push(cursor.key);
    cursor = await cursor.continue();
  }
  return accounts;
}

export type CodeStatus = { kind: 'permanent' } | { kind: 'active'; daysLeft: number } | { kind: 'expired' };

/** From the stored absolute expiry, never from "now + lifetime". */
export function codeStatus(record: QrCodeRecord, now: number): CodeStatus {
  if (isPermanent(record.actionName) || record.expiresAt === null) return { kind: 'permanent' };
  if (record.expiresAt <= now) return { kind: 'expired' };
  return { kind: 'active', daysLeft: Math.ceil((record.expiresAt - now) / 86_400_000) };
}

/** How many permanent codes this account has made, as far as local history knows. */
export async function permanentCodeCount(appId: string): Promise<number> {
  const db = await historyDb();
  const [ids, strs, account] = await Promise.all([
    db.getAllKeysFromIndex('codes', 'byActionName', 'QR_LIMIT_SCENE'),
    db.getAllKeysFromIndex('codes', 'byActionName', 'QR_LIMIT_STR_SCENE'),
    db.getAllKeysFromIndex('codes', 'byAppId', appId),
  ]);
  const mine = new Set(account);
  return [...ids, ...strs].filter((id) => mine.has(id)).length;
}

/**
 * The first rows of an unfiltered list sorted by creation, straight from a bounded index cursor,
 * with the total from count(): a screenful in milliseconds, while queryCodeIds reads every id
 * (seconds at 100,000 codes). Undefined for queries that need the full read.
 */
export async function firstCodeIds(query: HistoryQuery, limit: number): Promise<{ ids: string[]; total: number } | undefined> {
  const unfiltered = !query.search.trim() && !query.actionName && !query.appId && query.status === 'all';
  if (!unfiltered || (query.sort !== 'created-desc' && query.sort !== 'created-asc')) return undefined;
  const tx = (await historyDb()).transaction('codes');
  const ids: string[] = [];
  let cursor = await tx.store.index('byCreatedAt').openKeyCursor(null, query.sort === 'created-desc' ? 'prev' : 'next');
  while (cursor && ids.length < limit) {
    ids.push(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  const total = await tx.store.count();
  await tx.done;
  return { ids, total };
}
