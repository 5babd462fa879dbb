import { type Hlc, maxHlc } from './hlc';
import type { QrCodeRecord } from '@/utils/codes/record';

/**
 * One code as sync knows it: what it writes to the server, what it keeps beside history (the
 * `syncMeta` store), and what it merges. State-based: an entry carries the whole record with a clock
 * per field, so merging two states is the same whatever the order and however often it runs.
 *
 * - `core`: what WeChat made (scene, ticket, url, times…); never changes after creation.
 * - `label`, `note`: the operator's fields, last writer wins by clock. A label also names the clock of
 *   the label it replaced (`over`), so a knowing edit is told from a conflict.
 * - `deleted`: a tombstone's clock. The code is gone unless a later change (an edit, or the undo of a
 *   delete: `revived`) is newer: a delete wins over older edits.
 * - `lost`: labels that lost a conflict ([value, clock]); shown in the note (materialize.ts), never
 *   dropped silently, until the operator edits the note (`seen`: the lost clocks the note then showed).
 *
 * The record kind `k` leaves room for other kinds (batch metadata, channel groups) beside codes.
 */
export type CodeCore = Pick<
  QrCodeRecord,
  'actionName' | 'scene' | 'ticket' | 'url' | 'expireSeconds' | 'createdAt' | 'expiresAt' | 'sourceUrl' | 'renewedFromId' | 'batchId'
>;

export interface CodeState {
  k: 'code';
  id: string;
  appId: string;
  born: Hlc;
  core: CodeCore;
  label: [value: string, at: Hlc, over?: Hlc];
  note: [value: string, at: Hlc];
  deleted?: Hlc;
  revived?: Hlc;
  lost?: [value: string, at: Hlc][];
  seen?: Hlc[];
}

export function coreOf(record: QrCodeRecord): CodeCore {
  const { actionName, scene, ticket, url, expireSeconds, createdAt, expiresAt, sourceUrl, renewedFromId, batchId } = record;
  return {
    actionName,
    scene,
    ticket,
    url,
    expireSeconds,
    createdAt,
    expiresAt,
    ...(sourceUrl !== undefined && { sourceUrl }),
    ...(renewedFromId !== undefined && { renewedFromId }),
    ...(batchId !== undefined && { batchId }),
  };
}

/** A code's first state: every field stamped with the clock of its creation (or of its arrival by import). */
export function newCodeState(record: QrCodeRecord, at: Hlc): CodeState {
  return { k: 'code', id: record.id, appId: record.appId, born: at, core: coreOf(record), label: [record.label, at], note: [record.note ?? '', at] };
}

/** Whether the code is in history: no tombstone, or a change newer than it. */
export function isAlive(state: CodeState): boolean {
  if (state.deleted === undefined) return true;
  const latest = maxHlc(maxHlc(state.label[1], state.note[1]), state.revived)!;
  return latest > state.deleted;
}

/** The newest clock anywhere in the state: it changes with every change, local or merged. */
export function stampOf(state: CodeState): Hlc {
  let stamp = maxHlc(maxHlc(maxHlc(state.born, state.label[1]), state.note[1]), maxHlc(state.deleted, state.revived))!;
  for (const [, at] of state.lost ?? []) stamp = maxHlc(stamp, at)!;
  for (const at of state.seen ?? []) stamp = maxHlc(stamp, at)!;
  return stamp;
}

/** Orders two registers by clock, then by value: two stamps can be equal (two pages of one browser). */
function newer<T extends [string, Hlc, ...unknown[]]>(a: T, b: T): T {
  if (a[1] !== b[1]) return a[1] > b[1] ? a : b;
  return a[0] >= b[0] ? a : b;
}

function lostKey([value, at]: [string, Hlc]): string {
  return `${at}\u0000${value}`;
}

/** The union of two lost-label sets, sorted, without repeats. */
function unionLost(a: readonly [string, Hlc][] = [], b: readonly [string, Hlc][] = []): [string, Hlc][] {
  const byKey = new Map<string, [string, Hlc]>();
  for (const entry of [...a, ...b]) byKey.set(lostKey(entry), [entry[0], entry[1]]);
  return [...byKey.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, entry]) => entry);
}

function unionSorted(a: readonly Hlc[] = [], b: readonly Hlc[] = []): Hlc[] {
  return [...new Set([...a, ...b])].sort();
}

/**
 * The label that loses a merge is a conflict (kept in `lost`) unless the winner was written over it
 * (the winner's `over` is its clock), it says the same, or it is empty.
 */
function conflictLoser(winner: CodeState['label'], loser: CodeState['label']): [string, Hlc] | undefined {
  if (winner === loser || winner[0] === loser[0] || loser[0] === '' || winner[2] === loser[1] || winner[1] === loser[1]) return undefined;
  return [loser[0], loser[1]];
}

/**
 * Merges two states of one code. Commutative and idempotent for every field (last writer per field,
 * the latest tombstone and revival, unions of lost and seen); `core` is the same on both sides (WeChat
 * made it once), the earlier-born one is kept should they ever differ.
 */
export function mergeCodeStates(a: CodeState, b: CodeState): CodeState {
  const label = newer(a.label, b.label);
  const loser = conflictLoser(label, label === a.label ? b.label : a.label);
  const lost = unionLost(unionLost(a.lost, b.lost), loser ? [loser] : []);
  const seen = unionSorted(a.seen, b.seen);
  const first = a.born !== b.born ? (a.born < b.born ? a : b) : JSON.stringify(a.core) <= JSON.stringify(b.core) ? a : b;
  const deleted = maxHlc(a.deleted, b.deleted);
  const revived = maxHlc(a.revived, b.revived);
  return {
    k: 'code',
    id: a.id,
    appId: first.appId,
    born: first.born,
    core: first.core,
    label,
    note: newer(a.note, b.note),
    ...(deleted !== undefined && { deleted }),
    ...(revived !== undefined && { revived }),
    ...(lost.length > 0 && { lost }),
    ...(seen.length > 0 && { seen }),
  };
}

/** Two states say the same (merging them changes nothing). */
export function sameState(a: CodeState, b: CodeState): boolean {
  // Merged with itself, a state has its fields in one order, whoever built it.
  return JSON.stringify(mergeCodeStates(a, a)) === JSON.stringify(mergeCodeStates(b, b));
}
