/**
 * The files of one account's sync folder. Names say only who wrote a file and its number, so the
 * WebDAV host learns counts (devices, segments, snapshots) and nothing of what they hold.
 *
 * - `sync-format`: written once by the first browser; says whether the folder is encrypted (salt and
 *   check value of the sync passphrase, sync-crypto.ts). Read before anything is written.
 * - `seg-<device>-<n>`: one browser's changes, append-only: n = 1, 2, 3… never rewritten.
 * - `part-<device>-<n>-<k>`: the k-th part of the snapshot `<device>-<n>`: every code of the account.
 * - `snap-<device>-<n>`: the snapshot's index, written after its parts: which segments it covers and
 *   how many parts it has. A snapshot without its index is unfinished and ignored.
 */
export const FORMAT_FILE = 'sync-format';

export type SyncFileName =
  | { type: 'format' }
  | { type: 'seg'; device: string; n: number }
  | { type: 'snap'; device: string; n: number }
  | { type: 'part'; device: string; n: number; part: number };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const segmentName = (device: string, n: number) => `seg-${device}-${pad(n, 6)}`;
export const snapshotName = (device: string, n: number) => `snap-${device}-${pad(n, 6)}`;
export const partName = (device: string, n: number, part: number) => `part-${device}-${pad(n, 6)}-${pad(part, 3)}`;

const PATTERN = /^(seg|snap|part)-([0-9a-z]+)-(\d{6,})(?:-(\d{3,}))?$/;

/** What a file in the folder is; undefined for a file that is not sync's (left alone). */
export function parseSyncFileName(name: string): SyncFileName | undefined {
  if (name === FORMAT_FILE) return { type: 'format' };
  const match = PATTERN.exec(name);
  if (!match) return undefined;
  const [, type, device = '', n = '', part] = match;
  if ((type === 'part') !== (part !== undefined)) return undefined;
  if (type === 'part') return { type, device, n: Number(n), part: Number(part) };
  return { type: type as 'seg' | 'snap', device, n: Number(n) };
}
