import { type CodeState, mergeCodeStates, sameState, stampOf } from './code-state';
import { type AccountSyncRow, type SyncMetaRow, accountKey, freshAccountRow, metaKey, outboxKey } from './local-rows';
import { announceHistoryChange } from '@/utils/history/changes';
import { historyDb } from '@/utils/storage/history-db';
import { observeHlc } from './hlc';
import type { QrCodeRecord } from '@/utils/codes/record';
import { recordOf } from './materialize';
import type { StateStore } from './capture';

/** Above this many incoming states, the account's rows are read in one getAll rather than one get each. */
const READ_ALL_ABOVE = 2000;

export interface Applied {
  /** Codes added or changed in history. */
  put: QrCodeRecord[];
  /** Codes removed from history (deleted elsewhere). */
  deleted: string[];
  /** Codes kept out because history holds their ticket under another id (the same permanent scene made in two browsers). */
  sameTicket: number;
}

/** Folds the states read into one per code: the order they came in does not matter (the merge is commutative). */
export function foldStates(states: readonly CodeState[]): Map<string, CodeState> {
  const byId = new Map<string, CodeState>();
  for (const state of states) {
    const known = byId.get(state.id);
    byId.set(state.id, known ? mergeCodeStates(known, state) : mergeCodeStates(state, state));
  }
  return byId;
}

/** The account's row, changed by `updateRow`, in the caller's transaction. */
async function putAccountRow(store: StateStore, appId: string, updateRow: (row: AccountSyncRow) => AccountSyncRow): Promise<void> {
  const row = await store.get(accountKey(appId));
  await store.put(updateRow(row && row.key !== 'device' ? row : freshAccountRow(appId)));
}

function lostKeys(state: CodeState | undefined): Set<string> {
  return new Set((state?.lost ?? []).map(([value, at]) => `${at}\u0000${value}`));
}

/**
 * Merges what the other browsers wrote into history in ONE readwrite transaction, with the
 * account's new read position: it all applies or none of it does, and a sync cut off before the
 * commit simply reads the same files again next time. Announced on the history change feed after
 * the commit. A merge that found a conflict the sender did not know of (a lost label) goes back
 * out, so every browser ends with the same state.
 */
export async function applyStates(
  appId: string,
  incoming: ReadonlyMap<string, CodeState>,
  updateRow: (row: AccountSyncRow) => AccountSyncRow,
): Promise<Applied> {
  if (incoming.size === 0) {
    // Nothing came in (the everyday case): only the read position moves. Kept off the codes store,
    // whose readwrite lock would wait for every open page's reads of history.
    const tx = (await historyDb()).transaction('syncState', 'readwrite');
    await putAccountRow(tx.store, appId, updateRow);
    await tx.done;
    return { put: [], deleted: [], sameTicket: 0 };
  }
  const tx = (await historyDb()).transaction(['codes', 'syncMeta', 'syncState'], 'readwrite');
  const meta = tx.objectStore('syncMeta');
  const codes = tx.objectStore('codes');
  const local = new Map<string, SyncMetaRow>();
  if (incoming.size > READ_ALL_ABOVE) {
    for (const row of await meta.index('byAppId').getAll(appId)) local.set(row.key, row);
  } else {
    const rows = await Promise.all([...incoming.keys()].map((id) => meta.get(metaKey(id))));
    for (const row of rows) if (row) local.set(row.key, row);
  }
  const applied: Applied = { put: [], deleted: [], sameTicket: 0 };
  const added: QrCodeRecord[] = [];

  for (const [id, state] of incoming) {
    if (state.appId !== appId) continue;
    const mine = local.get(metaKey(id));
    const merged = mine ? mergeCodeStates(mine.state, state) : state;
    if (mine && sameState(merged, mine.state)) continue;
    observeHlc(stampOf(state));
    const theirs = lostKeys(state);
    const tellOthers = [...lostKeys(merged)].some((key) => !theirs.has(key));
    // An entry from before outbox keys held the time moves to now, where every read finds it.
    const pending = typeof mine?.pending === 'string' ? outboxKey(appId) : (mine?.pending ?? (tellOthers ? outboxKey(appId) : undefined));
    void meta.put({ key: metaKey(id), appId, state: merged, ...(pending && { pending }) });
    const after = recordOf(merged);
    if (after) added.push(after);
    else if (mine && recordOf(mine.state)) {
      void codes.delete(id);
      applied.deleted.push(id);
    }
  }
  // Put unless history holds the ticket under another id (a put would break byTicket and abort everything).
  const holders = await Promise.all(added.map((record) => codes.index('byTicket').getKey(record.ticket)));
  added.forEach((record, i) => {
    if (holders[i] !== undefined && holders[i] !== record.id) return void applied.sameTicket++;
    void codes.put(record);
    applied.put.push(record);
  });
  await putAccountRow(tx.objectStore('syncState'), appId, updateRow);
  await tx.done;
  if (applied.put.length > 0) announceHistoryChange({ kind: 'put', records: applied.put });
  if (applied.deleted.length > 0) announceHistoryChange({ kind: 'delete', ids: applied.deleted });
  return applied;
}
