import { type CodeState, newCodeState, stampOf } from './code-state';
import { type SyncMetaRow, type SyncStateRow, metaKey, outboxKey } from './local-rows';
import { hlcAt, newDeviceId, nextHlc } from './hlc';
import { renderedNote, unseenLost } from './materialize';
import type { QrCodeRecord } from '@/utils/codes/record';

/**
 * Every write to history records what it changed for sync, in the SAME transaction as the write
 * (history-db.ts, batch/store.ts, history/merge.ts): a code is never in history without its change
 * waiting for the server, and the other way round. The stores are the caller's; nothing here opens
 * the database (history-db.ts imports this file).
 */
export interface MetaStore {
  get(key: string): Promise<SyncMetaRow | undefined>;
  put(row: SyncMetaRow): Promise<unknown>;
}

export interface StateStore {
  get(key: string): Promise<SyncStateRow | undefined>;
  put(row: SyncStateRow): Promise<unknown>;
}

/** This browser profile's device id, made once (the database upgrade makes it; this covers a row gone missing). */
export async function deviceIn(stateStore: StateStore): Promise<string> {
  const row = await stateStore.get('device');
  if (row && row.key === 'device') return row.device;
  const device = newDeviceId();
  await stateStore.put({ key: 'device', device });
  return device;
}

export function pendingRow(state: CodeState, when?: number): SyncMetaRow {
  return { key: metaKey(state.id), appId: state.appId, state, pending: outboxKey(state.appId, when) };
}

/** A new code (created, renewed, from a batch, imported): its first state, waiting for the server. */
export function createdRow(record: QrCodeRecord, device: string): SyncMetaRow {
  return pendingRow(newCodeState(record, nextHlc(device)));
}

/** The state of a code from before sync: stamped with its creation time, so any later change beats it. */
async function stateOf(meta: MetaStore, record: QrCodeRecord, device: string): Promise<CodeState> {
  return (await meta.get(metaKey(record.id)))?.state ?? newCodeState(record, hlcAt(record.createdAt, device));
}

export async function captureCreated(meta: MetaStore, device: string, record: QrCodeRecord): Promise<void> {
  await meta.put(createdRow(record, device));
}

/** An edit of label and/or note; `before` is the record as history held it. */
export async function captureEdited(meta: MetaStore, device: string, before: QrCodeRecord, edit: { label?: string; note?: string }): Promise<void> {
  const state = await stateOf(meta, before, device);
  let changed = false;
  if (edit.label !== undefined && edit.label !== state.label[0]) {
    state.label = [edit.label, nextHlc(device, state.label[1]), state.label[1]];
    changed = true;
  }
  if (edit.note !== undefined && edit.note !== renderedNote(state)) {
    state.note = [edit.note, nextHlc(device, state.note[1])];
    // The operator saw the lost labels in the note and kept or removed them: either way they are dealt with.
    const shown = unseenLost(state).map(([, at]) => at);
    if (shown.length > 0) state.seen = [...new Set([...(state.seen ?? []), ...shown])].sort();
    changed = true;
  }
  if (changed) await meta.put(pendingRow(state));
}

export async function captureDeleted(meta: MetaStore, device: string, record: QrCodeRecord): Promise<void> {
  const state = await stateOf(meta, record, device);
  // Later than every clock of the state: the delete wins over every edit it saw.
  state.deleted = nextHlc(device, stampOf(state));
  await meta.put(pendingRow(state));
}

/** The undo of a delete: the record comes back with a clock newer than its tombstone. */
export async function captureRestored(meta: MetaStore, device: string, record: QrCodeRecord): Promise<void> {
  const state = await stateOf(meta, record, device);
  state.revived = nextHlc(device, stampOf(state));
  await meta.put(pendingRow(state));
}
