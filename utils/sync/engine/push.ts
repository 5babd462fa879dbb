import type { CodeState } from '../merge/code-state';
import { type AccountSyncRow, type SyncMetaRow, accountKey, freshAccountRow } from '../merge/local-rows';
import { encodeSyncFile } from './file-codec';
import { historyDb } from '@/utils/storage/history-db';
import type { RemoteFolder } from '../remote-folder';
import { segmentName } from './file-names';
import { stampOf } from '../merge/code-state';

/** Codes per segment: a first sync of 100,000 codes is 20 PUTs, an everyday sync one. */
export const SEGMENT_ENTRIES = 5000;
/** Names already taken (an upload the server kept but whose answer was lost) are skipped, up to this many. */
const MAX_TAKEN = 50;

/**
 * A change captured in another page shortly before a sync's outbox read, whose transaction reached
 * the database after it, is older than the read by at most this (the clock is the same machine's).
 */
const OUTBOX_MARGIN_MS = 60_000;

/** Accounts whose whole outbox this worker has read once: after that, reads start at `outboxFrom`. */
const readWhole = new Set<string>();

/** For tests that start from an empty database. */
export function forgetOutboxReads(): void {
  readWhole.clear();
}

/**
 * The outbox's key ranges: from `from` on (its index entries in order of the change), or all of it
 * with the entries from before outbox keys held the time (a bare AppID). The first read in each
 * worker reads all of it, so nothing waits unseen below `from` (a clock set back, say).
 */
function outboxRanges(appId: string, from: number | undefined): IDBKeyRange[] {
  const since = IDBKeyRange.bound([appId, from ?? -Infinity], [appId, Infinity]);
  return from === undefined ? [IDBKeyRange.only(appId), since] : [since];
}

function fromFor(appId: string, row: Pick<AccountSyncRow, 'outboxFrom'>): number | undefined {
  return readWhole.has(appId) ? row.outboxFrom : undefined;
}

export async function pendingRows(appId: string, row: Pick<AccountSyncRow, 'outboxFrom'> = {}): Promise<SyncMetaRow[]> {
  const db = await historyDb();
  const from = fromFor(appId, row);
  const parts = await Promise.all(outboxRanges(appId, from).map((range) => db.getAllFromIndex('syncMeta', 'byPending', range)));
  readWhole.add(appId);
  return parts.flat();
}

/** Changes waiting: counted from `outboxFrom` once the whole outbox was read (the runner asks after every sync). */
export async function pendingCount(appId: string): Promise<number> {
  const db = await historyDb();
  const stored = await db.get('syncState', accountKey(appId));
  const from = fromFor(appId, stored && stored.key !== 'device' ? stored : {});
  const counts = await Promise.all(outboxRanges(appId, from).map((range) => db.countFromIndex('syncMeta', 'byPending', range)));
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * After the server confirmed a segment: its rows leave the outbox, unless changed since they were
 * read (their stamp moved on: that change goes out next time), and the segment number moves on. One
 * transaction: cut off before it, the same changes go out again under the next number (harmless:
 * merging is idempotent).
 */
async function confirm(appId: string, sent: readonly CodeState[], nextSeq: number): Promise<void> {
  const tx = (await historyDb()).transaction(['syncMeta', 'syncState'], 'readwrite');
  const meta = tx.objectStore('syncMeta');
  const rows = await Promise.all(sent.map((state) => meta.get(`code:${state.id}`)));
  rows.forEach((row, i) => {
    if (!row?.pending || stampOf(row.state) !== stampOf(sent[i]!)) return;
    const { pending: _sent, ...rest } = row;
    void meta.put(rest);
  });
  const state = tx.objectStore('syncState');
  const row = await state.get(accountKey(appId));
  const account: AccountSyncRow = row && row.key !== 'device' ? row : freshAccountRow(appId);
  void state.put({ ...account, nextSeq });
  await tx.done;
}

/** Writes this browser's waiting changes as its next segments; returns how many states and files went out. */
export async function pushPending(
  folder: RemoteFolder,
  appId: string,
  me: string,
  key: CryptoKey | undefined,
  firstSeq: number,
  row: Pick<AccountSyncRow, 'outboxFrom'> = {},
): Promise<{ states: number; files: number; nextSeq: number }> {
  // Every change made from here on is read by the next sync's push, whatever this one does.
  const readAt = Date.now() - OUTBOX_MARGIN_MS;
  const rows = await pendingRows(appId, row);
  let seq = firstSeq;
  let files = 0;
  for (let from = 0; from < rows.length; from += SEGMENT_ENTRIES) {
    const states = rows.slice(from, from + SEGMENT_ENTRIES).map((row) => row.state);
    for (let taken = 0; ; taken++) {
      const name = segmentName(me, seq);
      const body = await encodeSyncFile(name, { header: { v: 1, kind: 'seg', appId, device: me, n: seq }, entries: states }, key);
      const outcome = await folder.create(name, body);
      seq++;
      if (outcome === 'created') break;
      if (taken >= MAX_TAKEN) throw new Error(`segment names of device ${me} taken up to ${name}`);
    }
    files++;
    await confirm(appId, states, seq);
  }
  // All of it confirmed: what is left was changed after readAt (a change made during the upload).
  const stored = (await (await historyDb()).get('syncState', accountKey(appId))) as AccountSyncRow | undefined;
  if (stored) await (await historyDb()).put('syncState', { ...stored, outboxFrom: Math.max(stored.outboxFrom ?? -Infinity, readAt) });
  return { states: rows.length, files, nextSeq: seq };
}
