import type { CodeState } from './code-state';
import type { Hlc } from './hlc';

/**
 * What sync keeps in the history database (`scene-qr` version 7), beside the records themselves:
 *
 * - `syncMeta`, one row per synced record (key `code:<id>`): its state with the clocks
 *   (code-state.ts), tombstones included. `pending` holds the AppID while the row has a change the
 *   server has not confirmed yet (the outbox: index `byPending`, absent once confirmed).
 * - `syncState`: the device id, and per account what this browser has written and read.
 */
export interface SyncMetaRow {
  key: string;
  appId: string;
  state: CodeState;
  pending?: string;
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
