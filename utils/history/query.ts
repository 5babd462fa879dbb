import { historyDb } from '@/utils/storage/history-db';
import type { QrCodeRecord } from '@/utils/codes/record';
import { type ActionName, isPermanent } from '@/utils/wechat/qr-request';

/** within3 / within7: expires within 3 or 7 days and no code in history replaces it yet (utils/expiry/expiring.ts). */
export type StatusFilter = 'all' | 'active' | 'expired' | 'within3' | 'within7';
const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'active', 'expired', 'within3', 'within7'];
export type HistorySort = 'created-desc' | 'created-asc' | 'expiry-asc' | 'expiry-desc';

export interface HistoryQuery {
  /** Substring of scene, label, source link or note; case-insensitive. */
  search: string;
  actionName: ActionName | '';
  status: StatusFilter;
  appId: string;
  sort: HistorySort;
}

export const EMPTY_QUERY: HistoryQuery = { search: '', actionName: '', status: 'all', appId: '', sort: 'created-desc' };

/**
 * The query a link to the history page asks for (`codes.html#status=within3`: the expiry reminder's
 * notification), sorted by expiry when it filters by it; EMPTY_QUERY itself when the link asks nothing.
 */
export function queryFromHash(hash: string): HistoryQuery {
  const status = new URLSearchParams(hash.replace(/^#/, '')).get('status') as StatusFilter | null;
  if (!status || status === 'all' || !STATUS_FILTERS.includes(status)) return EMPTY_QUERY;
  return { ...EMPTY_QUERY, status, sort: status.startsWith('within') ? 'expiry-asc' : EMPTY_QUERY.sort };
}

/** Records read per batch when scanning the store: bounded memory, few round trips. */
const SCAN_BATCH = 5000;

/**
 * Visits every record in batches by primary key: one getAll per batch is far faster than a cursor
 * or a get() per record, and memory stays bounded by two batches. The next batch is asked for as
 * soon as one arrives, so IndexedDB reads it while this one is visited.
 */
export async function scanRecords(visit: (record: QrCodeRecord) => void): Promise<void> {
  const db = await historyDb();
  let next = db.getAll('codes', undefined, SCAN_BATCH);
  for (;;) {
    const batch = await next;
    const more = batch.length === SCAN_BATCH;
    if (more) next = db.getAll('codes', IDBKeyRange.lowerBound(batch[batch.length - 1]!.id, true), SCAN_BATCH);
    batch.forEach(visit);
    if (!more) return;
  }
}

/** The records of the visible rows, in the order asked; ids deleted meanwhile are skipped. */
export async function codesByIds(ids: readonly string[]): Promise<QrCodeRecord[]> {
  const tx = (await historyDb()).transaction('codes');
  const records = await Promise.all(ids.map((id) => tx.store.get(id)));
  await tx.done;
  return records.filter((record): record is QrCodeRecord => record !== undefined);
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
 * The first rows of an unfiltered list sorted by creation, with their records, straight from a
 * bounded index cursor: a screenful in milliseconds, long before the history index (history-index.ts)
 * has read every record. Undefined for queries that need the index.
 */
export async function firstCodes(query: HistoryQuery, limit: number): Promise<QrCodeRecord[] | undefined> {
  const unfiltered = !query.search.trim() && !query.actionName && !query.appId && query.status === 'all';
  if (!unfiltered || (query.sort !== 'created-desc' && query.sort !== 'created-asc')) return undefined;
  const tx = (await historyDb()).transaction('codes');
  const records: QrCodeRecord[] = [];
  let cursor = await tx.store.index('byCreatedAt').openCursor(null, query.sort === 'created-desc' ? 'prev' : 'next');
  while (cursor && records.length < limit) {
    records.push(cursor.value);
    cursor = await cursor.continue();
  }
  await tx.done;
  return records;
}

/**
 * How many codes history holds. Its own transaction, asked after the first rows: count() walks
 * the whole store (~0.1–0.2 s at 100,000) and would hold up the cursor's reads.
 */
export async function countCodes(): Promise<number> {
  return (await historyDb()).count('codes');
}
