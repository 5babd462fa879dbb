import { unwrap } from 'idb';
import { type AppError, toAppError } from '@/utils/messaging/app-error';
import { announceHistoryChange } from './changes';
import { CODE_WRITE_STORES, historyDb, syncDeviceId } from '@/utils/storage/history-db';
import { createdRow } from '@/utils/sync/merge/capture';
import type { ImportError, ImportResult } from './import-types';
import type { QrCodeRecord } from '@/utils/codes/record';

/** Adds are queued this many at a time; the next lot when the last of this one is done. */
const ADD_CHUNK = 1000;

export type ImportProgress = (done: number, total: number) => void;

function errorName(error: unknown): string | undefined {
  // By name, not instanceof: the DOMException may come from another realm (or fake-indexeddb).
  return typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;
}

/** The adds of one import, on raw IndexedDB requests (no promise per request). */
class MergeWrite {
  /** Indexes of the records skipped as duplicates (their ticket is already kept). */
  readonly skipped = new Set<number>();
  /** The first reason to give up; the transaction is aborted when it is set. */
  failure: ImportError | AppError | undefined;
  private readonly store: IDBObjectStore;
  private readonly meta: IDBObjectStore;

  constructor(
    private readonly tx: IDBTransaction,
    private readonly records: readonly QrCodeRecord[],
    private readonly device: string,
    private readonly onProgress?: ImportProgress,
  ) {
    this.store = tx.objectStore('codes');
    this.meta = tx.objectStore('syncMeta');
  }

  fail(error: ImportError | AppError): void {
    if (this.failure) return;
    this.failure = error;
    try {
      this.tx.abort();
    } catch {
      // Already finished: a failed request aborts its transaction by itself.
    }
  }

  /** Queues records [from, from + ADD_CHUNK); the last one's request queues the lot after the next. */
  queueLot(from: number): void {
    if (this.failure) return;
    const to = Math.min(this.records.length, from + ADD_CHUNK);
    const lotDone = () => {
      this.onProgress?.(to, this.records.length);
      this.queueLot(from + 2 * ADD_CHUNK);
    };
    try {
      for (let index = from; index < to; index++) this.add(index, index === to - 1 ? lotDone : undefined);
    } catch (thrown) {
      // A synchronous throw (DataError, an inactive transaction…): nothing of this import is kept.
      this.fail(toAppError(thrown));
    }
  }

  /** Calls `then` once the add is done: succeeded, or refused as a duplicate and skipped. */
  private add(index: number, then?: () => void): void {
    const record = this.records[index]!;
    const request = this.store.add(record);
    request.onsuccess = () => {
      // The added code waits for the server (utils/sync): in this transaction, so all or nothing.
      this.meta.put(createdRow(record, this.device));
      then?.();
    };
    request.onerror = (event) => {
      if (errorName(request.error) !== 'ConstraintError') return;
      // Keep the transaction (and keep the refusal from reaching the database's error listeners).
      event.preventDefault();
      event.stopPropagation();
      const kept = this.store.index('byTicket').getKey(record.ticket);
      kept.onsuccess = () => {
        if (kept.result === undefined) return this.fail({ code: 'import_bad_record', recordIndex: index + 1, field: 'id', reason: 'id_taken' });
        this.skipped.add(index);
        then?.();
      };
    };
  }
}

/**
 * Adds validated records to history in ONE readwrite transaction, skipping those whose ticket is
 * already kept. Any failure aborts the transaction: all added, or nothing.
 *
 * Fast at 100,000 records because nothing is looked up first: each record is simply added. Only
 * an add refused by a uniqueness constraint asks, in the same transaction, whether its ticket is
 * kept: then it is a duplicate, skipped (the refusal's default, aborting the transaction, is
 * prevented); if not, its id belongs to another code and the import is refused. The adds go out
 * in lots of ADD_CHUNK, each lot queued when the previous lot's last request is done, so the page
 * can paint the progress between lots while IndexedDB always has the next lot waiting.
 */
export async function mergeRecords(records: readonly QrCodeRecord[], onProgress?: ImportProgress): Promise<ImportResult> {
  let tx: IDBTransaction;
  let device: string;
  try {
    device = await syncDeviceId();
    tx = unwrap(await historyDb()).transaction(CODE_WRITE_STORES, 'readwrite');
  } catch (thrown) {
    return { ok: false, error: toAppError(thrown) };
  }
  const finished = new Promise<unknown>((resolve) => {
    tx.oncomplete = () => resolve(undefined);
    tx.onabort = () => resolve(tx.error ?? new Error('transaction aborted'));
  });
  const write = new MergeWrite(tx, records, device, onProgress);
  if (records.length === 0) onProgress?.(0, 0);
  // Two lots in flight: while IndexedDB writes one, the next is already queued.
  write.queueLot(0);
  write.queueLot(ADD_CHUNK);

  const aborted = await finished;
  if (write.failure) return { ok: false, error: write.failure };
  if (aborted !== undefined) {
    // A full disk aborts the transaction with QuotaExceededError; its requests only see AbortError.
    return { ok: false, error: errorName(aborted) === 'QuotaExceededError' ? { code: 'storage' } : toAppError(aborted) };
  }
  const added = records.filter((_, index) => !write.skipped.has(index));
  announceHistoryChange({ kind: 'put', records: added });
  return { ok: true, added: added.length, skipped: write.skipped.size };
}
