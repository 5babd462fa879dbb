import { type Listed, type SnapshotIndex, coveredBy, listFolder, maxCovers } from './read-plan';
import { partName, segmentName, snapshotName } from './file-names';
import { type CodeState, isAlive } from '../merge/code-state';
import type { Covers } from '../merge/local-rows';
import { encodeSyncFile } from './file-codec';
import { historyDb } from '@/utils/storage/history-db';
import { parseHlc } from '../merge/hlc';
import type { RemoteFolder } from '../remote-folder';
import { partsOf } from './pull';

/** A folder with more segments than this is compacted by the browser that finds it so. */
export const COMPACT_ABOVE_SEGMENTS = 24;
/** Codes per snapshot part. */
export const PART_ENTRIES = 20000;
/**
 * Tombstones are kept this long (in every browser and in snapshots; only snapshots drop older ones).
 * Why a year and more: a browser that has not synced for longer than this (a laptop in a drawer) may
 * still show a code deleted elsewhere, because the snapshot it reads no longer says so; it will not
 * bring the code back for the others unless someone edits it there. Temporary codes expire within 30
 * days anyway, and a tombstone is about 300 bytes compressed less: keeping them this long is cheap.
 */
export const TOMBSTONE_DAYS = 400;
const DAY_MS = 86_400_000;

export function keepInSnapshot(state: CodeState, now: number): boolean {
  return isAlive(state) || now - parseHlc(state.deleted!).wall < TOMBSTONE_DAYS * DAY_MS;
}

export interface CompactInput {
  folder: RemoteFolder;
  listed: Listed;
  appId: string;
  me: string;
  key: CryptoKey | undefined;
  /** This browser's own next number (the snapshot takes it). */
  seq: number;
  /** What this browser has merged: every snapshot and segment listed, and its own segments. */
  covers: Covers;
  indexes: Record<string, SnapshotIndex>;
  now: number;
}

/**
 * Writes every code of the account (tombstones included) as a snapshot, then removes what it
 * covers. Safe against a second browser doing the same at once: all files are new names (its own
 * device and number), the index is written after the parts (a reader ignores a snapshot without
 * one), segments are removed only after the index is on the server, and a snapshot is removed only
 * when the new one covers it whole (of two that cover the same, the one with the smaller name goes),
 * so of two racing compactions at least one snapshot covers everything that was removed.
 */
export async function compactFolder(input: CompactInput): Promise<{ removed: number; nextSeq: number }> {
  const { folder, appId, me, key, seq, now } = input;
  let covers = input.covers;
  for (const index of Object.values(input.indexes)) covers = maxCovers(covers, index.covers);
  const rows = await (await historyDb()).getAllFromIndex('syncMeta', 'byAppId', appId);
  const states = rows.map((row) => row.state).filter((state) => keepInSnapshot(state, now));
  const parts = Math.max(1, Math.ceil(states.length / PART_ENTRIES));
  for (let part = 0; part < parts; part++) {
    const name = partName(me, seq, part);
    const entries = states.slice(part * PART_ENTRIES, (part + 1) * PART_ENTRIES);
    const body = await encodeSyncFile(name, { header: { v: 1, kind: 'part', appId, device: me, n: seq, part }, entries }, key);
    if ((await folder.create(name, body)) === 'exists') return { removed: 0, nextSeq: seq + 1 };
  }
  const index = snapshotName(me, seq);
  const header = { v: 1, kind: 'snap', appId, device: me, n: seq, covers, parts } as const;
  if ((await folder.create(index, await encodeSyncFile(index, { header, entries: [] }, key))) === 'exists') return { removed: 0, nextSeq: seq + 1 };

  // Listed again: a snapshot another browser finished meanwhile is weighed too.
  const listed = listFolder(await folder.list());
  const doomed: string[] = [];
  for (const segment of listed.segments) if (segment.n <= (covers[segment.device] ?? 0)) doomed.push(segmentName(segment.device, segment.n));
  for (const snap of listed.snapshots) {
    if (snap.name === index) continue;
    const other = input.indexes[snap.name];
    if (!other || !coveredBy(other.covers, covers)) continue;
    if (coveredBy(covers, other.covers) && snap.name > index) continue;
    doomed.push(snap.name, ...partsOf({ name: snap.name, device: snap.device, n: snap.n, index: other }));
  }
  for (const name of doomed) await folder.remove(name);
  return { removed: doomed.length, nextSeq: seq + 1 };
}
