import type { CodeState } from './code-state';
import type { Hlc } from './hlc';

/**
 * What sync keeps in the history database (`scene-qr` version 7), beside the records themselves:
 *
 * - `syncMeta`, one row per synced record (key `code:<id>`): its state with the clocks
 *   (code-state.ts), tombstones included. `pending` is set while the row has a change the server
 *   has not confirmed yet (the outbox: index `byPending`, absent once confirmed): `[AppID, when]`,
 *   `when` the wall-clock ms of the change (0 for codes queued by the first sync's seeding), so the
 *   outbox can be read from a point on (`outboxFrom`) and the index entries of changes confirmed
 *   long ago, which IndexedDB still walks until it compacts them, lie outside the range read. A
 *   bare AppID string is an outbox entry from before this (version 7 as first shipped).
 * - `syncState`: the device id, and per account what this browser has written and read.
 */
export interface SyncMetaRow {
  key: string;
  appId: string;
  state: CodeState;
  pending?: OutboxKey;
}

export type OutboxKey = [appId: string, when: number] | string;

/** The outbox key of a change made now (or, for the first sync's seeding, at 0). */
export function outboxKey(appId: string, when = Date.now()): OutboxKey {
  return [appId, when];
}

export function metaKey(id: string): string {
  return `code:${id}`;
}

export interface DeviceRow {
  key: 'device';
  device: string;
}

/** What one snapshot covers: for each device, its segments up to this number. */
export type Covers = Record<string, number>;

export interface AccountSyncRow {
  key: `account:${string}`;
  /** The next number of this browser's own segment (and snapshot) in the account's folder. */
  nextSeq: number;
  /** For each other device, the highest of its segments this browser has merged. */
  readUpTo: Covers;
  /** The indexes of snapshots this browser has read (by file name), so each is fetched once. */
  snapshots: Record<string, { covers: Covers; parts: number }>;
  /** Records made before sync existed have been queued once. */
  seeded: boolean;
  /**
   * Every change still in the outbox was made at or after this (wall-clock ms, a margin before the
   * start of the last sync whose push completed): the outbox is read from here on (push.ts).
   */
  outboxFrom?: number;
  lastSyncedAt?: number;
  lastError?: import('@/utils/messaging/app-error').AppError;
  lastErrorAt?: number;
}

export type SyncStateRow = DeviceRow | AccountSyncRow;

export function accountKey(appId: string): AccountSyncRow['key'] {
  return `account:${appId}`;
}

export function freshAccountRow(appId: string): AccountSyncRow {
  return { key: accountKey(appId), nextSeq: 1, readUpTo: {}, snapshots: {}, seeded: false };
}

export type { Hlc };
