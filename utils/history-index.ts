import type { HistoryQuery, HistorySort } from './history-query';
import { scanRecords } from './history-query';
import type { QrCodeRecord } from './qr-record';
import type { ActionName } from './qr-request';

/**
 * The history page's in-memory index: per code only what search, filters and sorts look at.
 *
 * Why not IndexedDB indexes (as issue #3 first asked): a substring search ("三里屯" inside a
 * label) cannot use an index at all; it has to look at every record. Done against IndexedDB that
 * meant reading all 100,000 records (~40 MB of structured clones, 2–3 s here) on every keystroke,
 * plus every id again (getAllKeys, ~1.6 s) for every filter or sort. This index is built once,
 * in the background after the first rows are drawn (one batched scan), kept current from the
 * change feed (history-changes.ts), and answers any query in milliseconds: 100,000 entries of
 * ~100 characters are ~20 MB at most, far under the page's 150 MB heap budget. The records
 * themselves stay in IndexedDB: the list reads only the rows it shows.
 */

interface Entry {
  id: string;
  createdAt: number;
  expiresAt: number | null;
  actionName: ActionName;
  appId: string;
  /** What search looks in: see searchText. */
  text: string;
}

/** Between the fields of searchText: no search can span two fields. */
const SEPARATOR = '\u0000';

/** Scene, label, source link and note, each lowercased, joined by SEPARATOR. */
export function searchText(record: QrCodeRecord): string {
  return [record.scene, record.label, record.sourceUrl ?? '', record.note ?? ''].map((field) => field.toLowerCase()).join(SEPARATOR);
}

/**
 * `needle` (lowercased) inside one of the fields of `text`. A needle holding the separator itself
 * is looked for field by field (only a pasted U+0000 can do that), so it never matches across two.
 */
function textMatches(text: string, needle: string): boolean {
  return needle.includes(SEPARATOR) ? text.split(SEPARATOR).some((field) => field.includes(needle)) : text.includes(needle);
}

/** The search semantics: a case-insensitive substring of scene, label, source link or note. */
export function matchesSearch(record: QrCodeRecord, needle: string): boolean {
  return textMatches(searchText(record), needle);
}

function entryOf(record: QrCodeRecord): Entry {
  const { id, createdAt, expiresAt, actionName, appId } = record;
  return { id, createdAt, expiresAt, actionName, appId, text: searchText(record) };
}

// Ties broken by id, as IndexedDB orders equal index keys by primary key: the same order the
// indexes gave before (and a stable one).
const byId = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byCreated = (a: Entry, b: Entry) => a.createdAt - b.createdAt || byId(a, b);
const byExpiry = (a: Entry, b: Entry) => a.expiresAt! - b.expiresAt! || byId(a, b);

function sortedOrders(entries: Iterable<Entry>): Record<HistorySort, Entry[]> {
  const createdAsc = [...entries].sort(byCreated);
  const createdDesc = createdAsc.toReversed();
  // Temporary codes by expiry; permanent ones never expire, so they come last (newest first).
  const expiring = createdAsc.filter((entry) => entry.expiresAt !== null).sort(byExpiry);
  const never = createdDesc.filter((entry) => entry.expiresAt === null);
  return {
    'created-asc': createdAsc,
    'created-desc': createdDesc,
    'expiry-asc': [...expiring, ...never],
    'expiry-desc': [...never, ...expiring.toReversed()],
  };
}

export class HistoryIndex {
  private readonly entries = new Map<string, Entry>();
  /** Each sort's order, made on first use and dropped when a code comes, goes or changes a time. */
  private orders: Record<HistorySort, Entry[]> | undefined;
  private accountList: string[] | undefined;

  /** Reads every record once, in batches (history-query.ts scanRecords). */
  static async build(): Promise<HistoryIndex> {
    const index = new HistoryIndex();
    await scanRecords((record) => index.entries.set(record.id, entryOf(record)));
    return index;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Applies a change announced by a write; `reload` is the caller's to handle (by building anew). */
  apply(change: { kind: 'put'; records: readonly QrCodeRecord[] } | { kind: 'delete'; ids: readonly string[] } | { kind: 'clear' }): void {
    if (change.kind === 'put') for (const record of change.records) this.put(record);
    if (change.kind === 'delete') for (const id of change.ids) this.entries.delete(id);
    if (change.kind !== 'put') {
      if (change.kind === 'clear') this.entries.clear();
      this.orders = undefined;
      this.accountList = undefined;
    }
  }

  private put(record: QrCodeRecord): void {
    const entry = entryOf(record);
    const old = this.entries.get(record.id);
    if (old?.appId !== entry.appId) this.accountList = undefined;
    // An edit (label, note) keeps the code's place in every order: update the entry the orders hold.
    if (old && old.createdAt === entry.createdAt && old.expiresAt === entry.expiresAt) {
      Object.assign(old, entry);
      return;
    }
    this.entries.set(record.id, entry);
    this.orders = undefined;
  }

  /** The ids matching the query, in display order. */
  query(query: HistoryQuery, now: number = Date.now()): string[] {
    this.orders ??= sortedOrders(this.entries.values());
    const needle = query.search.trim().toLowerCase();
    const ids: string[] = [];
    for (const entry of this.orders[query.sort]) {
      if (query.actionName && entry.actionName !== query.actionName) continue;
      if (query.appId && entry.appId !== query.appId) continue;
      if (query.status !== 'all' && (entry.expiresAt !== null && entry.expiresAt <= now) !== (query.status === 'expired')) continue;
      if (needle && !textMatches(entry.text, needle)) continue;
      ids.push(entry.id);
    }
    return ids;
  }

  /** Every account that has codes, sorted. */
  accounts(): string[] {
    this.accountList ??= [...new Set([...this.entries.values()].map((entry) => entry.appId))].sort();
    return this.accountList;
  }
}
