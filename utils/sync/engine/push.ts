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

export async function pendingRows(appId: string): Promise<SyncMetaRow[]> {
  return (await historyDb()).getAllFromIndex('syncMeta', 'byPending', appId);
}

export async function pendingCount(appId: string): Promise<number> {
  return (await historyDb()).countFromIndex('syncMeta', 'byPending', appId);
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
): Promise<{ states: number; files: number; nextSeq: number }> {
  const rows = await pendingRows(appId);
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
  return { states: rows.length, files, nextSeq: seq };
}
