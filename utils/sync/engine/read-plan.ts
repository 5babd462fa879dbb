import { type SyncFileName, parseSyncFileName, segmentName } from './file-names';
import type { Covers } from '../merge/local-rows';
import type { RemoteEntry } from '../remote-folder';

/**
 * Which files a sync reads, decided from one listing (PROPFIND) and what this browser has read
 * before, without downloading anything: segments of other devices it has not merged yet, and a
 * snapshot only where the segments it misses are gone (compacted). Two snapshots, missing files,
 * unfinished snapshots (parts without their index) are all normal here.
 */
export interface Listed {
  names: Set<string>;
  segments: Extract<SyncFileName, { type: 'seg' }>[];
  snapshots: (Extract<SyncFileName, { type: 'snap' }> & { name: string })[];
  hasFormat: boolean;
  formatSize: number | undefined;
}

export interface SnapshotIndex {
  covers: Covers;
  parts: number;
}

export interface PlannedSnapshot {
  name: string;
  device: string;
  n: number;
  index: SnapshotIndex;
}

export interface ReadPlan {
  snapshots: PlannedSnapshot[];
  segments: { name: string; device: string; n: number }[];
  /** What this browser will have merged once the plan is read. */
  readUpTo: Covers;
}

export function listFolder(entries: readonly RemoteEntry[]): Listed {
  const listed: Listed = { names: new Set(), segments: [], snapshots: [], hasFormat: false, formatSize: undefined };
  for (const entry of entries) {
    listed.names.add(entry.name);
    const parsed = parseSyncFileName(entry.name);
    if (parsed?.type === 'seg') listed.segments.push(parsed);
    else if (parsed?.type === 'snap') listed.snapshots.push({ ...parsed, name: entry.name });
    else if (parsed?.type === 'format') {
      listed.hasFormat = true;
      listed.formatSize = entry.size;
    }
  }
  const byName = (a: { device: string; n: number }, b: { device: string; n: number }) => (a.device === b.device ? a.n - b.n : a.device < b.device ? -1 : 1);
  listed.segments.sort(byName);
  listed.snapshots.sort(byName);
  return listed;
}

export function maxCovers(a: Covers, b: Covers): Covers {
  const out = { ...a };
  for (const [device, n] of Object.entries(b)) out[device] = Math.max(out[device] ?? 0, n);
  return out;
}

/** Every device's number in `a` is at most the one in `b`. */
export function coveredBy(a: Covers, b: Covers): boolean {
  return Object.entries(a).every(([device, n]) => n <= (b[device] ?? 0));
}

export function planReads(
  listed: Listed,
  readUpTo: Covers,
  me: string,
  indexes: ReadonlyMap<string, SnapshotIndex>,
  partNames: (s: PlannedSnapshot) => string[],
): ReadPlan {
  const present = new Map<string, Set<number>>();
  for (const { device, n } of listed.segments) (present.get(device) ?? present.set(device, new Set()).get(device)!).add(n);
  const misses = (covers: Covers) =>
    Object.entries(covers).some(([device, upTo]) => {
      if (device === me) return false;
      for (let n = (readUpTo[device] ?? 0) + 1; n <= upTo; n++) if (!present.get(device)?.has(n)) return true;
      return false;
    });
  const complete: PlannedSnapshot[] = [];
  for (const snap of listed.snapshots) {
    const index = indexes.get(snap.name);
    if (!index) continue;
    const planned = { name: snap.name, device: snap.device, n: snap.n, index };
    if (partNames(planned).every((name) => listed.names.has(name)) && misses(index.covers)) complete.push(planned);
  }
  // A snapshot that another one covers whole adds nothing (two browsers compacted at once).
  const snapshots = complete.filter(
    (snap, i) =>
      !complete.some((other, j) => j !== i && coveredBy(snap.index.covers, other.index.covers) && (!coveredBy(other.index.covers, snap.index.covers) || j < i)),
  );
  let after = { ...readUpTo };
  for (const snap of snapshots) after = maxCovers(after, snap.index.covers);
  const segments = listed.segments
    .filter(({ device, n }) => device !== me && n > (after[device] ?? 0))
    .map(({ device, n }) => ({ name: segmentName(device, n), device, n }));
  for (const segment of segments) after[segment.device] = Math.max(after[segment.device] ?? 0, segment.n);
  return { snapshots, segments, readUpTo: after };
}
