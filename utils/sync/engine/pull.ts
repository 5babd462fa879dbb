import type { AccountSyncRow, Covers } from '../merge/local-rows';
import { type Listed, type PlannedSnapshot, type ReadPlan, type SnapshotIndex, listFolder, planReads } from './read-plan';
import type { CodeState } from '../merge/code-state';
import { decodeSyncFile } from './file-codec';
import { partName } from './file-names';
import type { RemoteFolder } from '../remote-folder';

/** Reads what the plan names: a file gone meanwhile (another browser compacted) means list again and plan again. */
const ATTEMPTS = 4;

export interface Pulled {
  plan: ReadPlan;
  /** States from the files read, in a fixed order (snapshots, then segments by device and number). */
  states: CodeState[];
  /** Snapshot indexes now listed (the ones gone from the folder are dropped). */
  indexes: Record<string, SnapshotIndex>;
  listed: Listed;
  files: number;
}

export const partsOf = (snap: PlannedSnapshot) => Array.from({ length: snap.index.parts }, (_, k) => partName(snap.device, snap.n, k));

class Gone extends Error {}

async function readOrGone(folder: RemoteFolder, name: string): Promise<Uint8Array> {
  try {
    return await folder.read(name);
  } catch (thrown) {
    // The seam does not say how "not found" looks: the folder's listing does.
    const names = new Set((await folder.list()).map((entry) => entry.name));
    if (!names.has(name)) throw new Gone(name);
    throw thrown;
  }
}

export interface PullInput {
  folder: RemoteFolder;
  listed: Listed;
  row: Pick<AccountSyncRow, 'readUpTo' | 'snapshots'>;
  me: string;
  key: CryptoKey | undefined;
  appId: string;
}

export async function pullFolder({ folder, listed: firstListing, row, me, key, appId }: PullInput): Promise<Pulled> {
  let listed = firstListing;
  for (let attempt = 1; ; attempt++) {
    try {
      return await pullOnce(folder, listed, row.readUpTo, row.snapshots, me, key, appId);
    } catch (thrown) {
      if (!(thrown instanceof Gone) || attempt >= ATTEMPTS) throw thrown;
      listed = listFolder(await folder.list());
    }
  }
}

async function pullOnce(
  folder: RemoteFolder,
  listed: Listed,
  readUpTo: Covers,
  known: Record<string, SnapshotIndex>,
  me: string,
  key: CryptoKey | undefined,
  appId: string,
): Promise<Pulled> {
  let files = 0;
  const indexes: Record<string, SnapshotIndex> = {};
  for (const snap of listed.snapshots) {
    let index = known[snap.name];
    if (!index) {
      try {
        const { header } = await decodeSyncFile(snap.name, await readOrGone(folder, snap.name), key, appId);
        files++;
        if (header.kind !== 'snap') continue;
        index = { covers: header.covers, parts: header.parts };
      } catch (thrown) {
        // An index removed by a newer snapshot: the newer one is in the next listing.
        if (thrown instanceof Gone) continue;
        throw thrown;
      }
    }
    indexes[snap.name] = index;
  }
  const plan = planReads(listed, readUpTo, me, new Map(Object.entries(indexes)), partsOf);
  const states: CodeState[] = [];
  for (const snap of plan.snapshots) {
    for (const name of partsOf(snap)) {
      states.push(...(await decodeSyncFile(name, await readOrGone(folder, name), key, appId)).entries);
      files++;
    }
  }
  for (const segment of plan.segments) {
    states.push(...(await decodeSyncFile(segment.name, await readOrGone(folder, segment.name), key, appId)).entries);
    files++;
  }
  return { plan, states, indexes, listed, files };
}
