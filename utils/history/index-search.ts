import type { HistoryQuery, HistorySort } from './query';
import { scanRecords } from './query';
import type { QrCodeRecord } from '@/utils/codes/record';
import { expiresWithin } from '@/utils/expiry/expiring';
import { EXPIRY_WINDOWS, type ExpiryWindow } from '@/utils/expiry/windows';

/**
 * The history page's in-memory index: every record, with what search looks in.
 *
 * Why not IndexedDB indexes (as issue #3 first asked): a substring search ("三里屯" inside a
 * label) cannot use an index at all; it has to look at every record. Done against IndexedDB that
 * meant reading all 100,000 records (~40 MB of structured clones, 2–3 s here) on every keystroke,
 * plus every id again (getAllKeys, ~1.6 s) for every filter or sort. This index is built once,
 * in the background after the first rows are drawn (one batched scan), kept current from the
 * change feed (history-changes.ts), and answers any query in milliseconds.
 *
 * It keeps the records the scan read, not just the searched fields, so that export writes the
 * shown codes from memory: reading 100,000 records back from IndexedDB costs ~2.5 s of the
 * browser's IndexedDB thread alone here, most of the 3 s export budget (export went from 4-8.6 s
 * to 1.5 s in bench/history.ts), while keeping them costs ~27 MB more of the page's 150 MB heap
 * budget (55 MB in all after GC at 100,000 codes). The list's rows and the ZIP of a selection come
 * from these records too; before the index is built they are read from IndexedDB.
 */
interface Entry {
  record: QrCodeRecord;
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
  return { record, text: searchText(record) };
}

// Ties broken by id, as IndexedDB orders equal index keys by primary key: the same order the
// indexes gave before (and a stable one).
const byId = (a: Entry, b: Entry) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0);
const byCreated = (a: Entry, b: Entry) => a.record.createdAt - b.record.createdAt || byId(a, b);
const byExpiry = (a: Entry, b: Entry) => a.record.expiresAt! - b.record.expiresAt! || byId(a, b);

function sortedOrders(entries: Iterable<Entry>): Record<HistorySort, Entry[]> {
  const createdAsc = [...entries].sort(byCreated);
  const createdDesc = createdAsc.toReversed();
  // Temporary codes by expiry; permanent ones never expire, so they come last (newest first).
  const expiring = createdAsc.filter((entry) => entry.record.expiresAt !== null).sort(byExpiry);
  const never = createdDesc.filter((entry) => entry.record.expiresAt === null);
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
  /** Old code id → the newest code that renewed it: made on first use, dropped when a link may have changed. */
  private replacements: Map<string, string> | undefined;

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
      this.replacements = undefined;
    }
  }

  private put(record: QrCodeRecord): void {
    const entry = entryOf(record);
    const old = this.entries.get(record.id);
    if (old?.record.appId !== record.appId) this.accountList = undefined;
    if (old?.record.renewedFromId !== record.renewedFromId) this.replacements = undefined;
    // An edit (label, note) keeps the code's place in every order: update the entry the orders hold.
    if (old && old.record.createdAt === record.createdAt && old.record.expiresAt === record.expiresAt) {
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
    const within = query.status === 'within3' ? 3 : query.status === 'within7' ? 7 : undefined;
    const replacements = within === undefined ? undefined : this.replacementMap();
    const ids: string[] = [];
    for (const { record, text } of this.orders[query.sort]) {
      if (query.actionName && record.actionName !== query.actionName) continue;
      if (query.appId && record.appId !== query.appId) continue;
      if (within !== undefined) {
        if (!expiresWithin(record, now, within) || replacements!.has(record.id)) continue;
      } else if (query.status !== 'all' && (record.expiresAt !== null && record.expiresAt <= now) !== (query.status === 'expired')) continue;
      if (needle && !textMatches(text, needle)) continue;
      ids.push(record.id);
    }
    return ids;
  }

  private replacementMap(): Map<string, string> {
    if (!this.replacements) {
      this.replacements = new Map();
      const newestFirst = [...this.entries.values()].filter((entry) => entry.record.renewedFromId).sort((a, b) => byCreated(b, a));
      for (const { record } of newestFirst) if (!this.replacements.has(record.renewedFromId!)) this.replacements.set(record.renewedFromId!, record.id);
    }
    return this.replacements;
  }

  /** The code that renewed this one (the newest, if it was renewed more than once). */
  replacedBy(id: string): string | undefined {
    return this.replacementMap().get(id);
  }

  /**
   * How many codes expire within each window and are not replaced yet. From the expiry order by binary
   * search: only the codes in the window are looked at, however many history holds.
   */
  expiringCounts(now: number = Date.now()): Record<ExpiryWindow, number> {
    this.orders ??= sortedOrders(this.entries.values());
    const order = this.orders['expiry-asc'];
    const replacements = this.replacementMap();
    // The first code still scannable: permanent ones (no expiry) are at the end, past every time.
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const expiresAt = order[mid]!.record.expiresAt;
      if (expiresAt !== null && expiresAt <= now) low = mid + 1;
      else high = mid;
    }
    const counts = Object.fromEntries(EXPIRY_WINDOWS.map((days) => [days, 0])) as Record<ExpiryWindow, number>;
    const widest = Math.max(...EXPIRY_WINDOWS);
    for (let i = low; i < order.length && expiresWithin(order[i]!.record, now, widest); i++) {
      const { record } = order[i]!;
      if (replacements.has(record.id)) continue;
      for (const days of EXPIRY_WINDOWS) if (expiresWithin(record, now, days)) counts[days]++;
    }
    return counts;
  }

  /** The records of these ids, in the same order; ids the index does not hold are skipped. */
  records(ids: readonly string[]): QrCodeRecord[] {
    const records: QrCodeRecord[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) records.push(entry.record);
    }
    return records;
  }

  /** Every account that has codes, sorted. */
  accounts(): string[] {
    this.accountList ??= [...new Set([...this.entries.values()].map((entry) => entry.record.appId))].sort();
    return this.accountList;
  }
}
