import { type AccountSyncRow } from '../merge/local-rows';
import { COMPACT_ABOVE_SEGMENTS, compactFolder } from './compact';
import { applyStates, foldStates } from '../merge/apply';
import { accountRow, syncDeviceId, updateAccountRow } from '../merge/account-row';
import { listFolder } from './read-plan';
import { openFolder } from './open-folder';
import { pendingCount, pushPending } from './push';
import { pullFolder } from './pull';
import { seedAccount } from '../merge/seed';
import type { RemoteFolder } from '../remote-folder';

/**
 * One sync of one account's folder, in the order that makes a cut-off sync safe to run again:
 * list → read or write the folder's format (a wrong passphrase stops here, before any write) →
 * read the others' new files and merge them into history in one transaction (with the new read
 * position) → write this browser's waiting changes as new segments (each leaves the outbox only
 * once the server has it) → compact when the folder holds too many segments.
 */
export interface SyncOnceInput {
  appId: string;
  folder: RemoteFolder;
  passphrase?: string;
  /** PBKDF2 iterations for a new encrypted folder: tests only. */
  iterations?: number;
  now?: () => number;
}

export interface SyncOnceResult {
  /** Files read and written. */
  read: number;
  written: number;
  /** Codes that came in (added or changed) and went away (deleted elsewhere). */
  received: number;
  removed: number;
  sent: number;
  compacted: boolean;
}

export async function syncOnce({ appId, folder, passphrase, iterations, now = Date.now }: SyncOnceInput): Promise<SyncOnceResult> {
  const me = await syncDeviceId();
  let row: AccountSyncRow = await accountRow(appId);
  if (!row.seeded) {
    await seedAccount(appId, me);
    row = await accountRow(appId);
  }
  await folder.ensure();
  const listed = listFolder(await folder.list());
  const { key } = await openFolder(folder, listed, passphrase, true, iterations);

  const pulled = await pullFolder({ folder, listed, row, me, key, appId });
  const applied = await applyStates(appId, foldStates(pulled.states), (stored) => ({ ...stored, readUpTo: pulled.plan.readUpTo, snapshots: pulled.indexes }));

  const pushed = await pushPending(folder, appId, me, key, row.nextSeq, await accountRow(appId));
  let nextSeq = pushed.nextSeq;
  let compacted = false;
  const segments = pulled.listed.segments.length + pushed.files;
  if (segments > COMPACT_ABOVE_SEGMENTS) {
    const covers = { ...pulled.plan.readUpTo, [me]: nextSeq - 1 };
    const result = await compactFolder({
      folder,
      listed: listFolder(await folder.list()),
      appId,
      me,
      key,
      seq: nextSeq,
      covers,
      indexes: pulled.indexes,
      now: now(),
    });
    nextSeq = result.nextSeq;
    compacted = result.removed > 0;
  }
  const at = now();
  await updateAccountRow(appId, (stored) => {
    const { lastError: _cleared, lastErrorAt: _clearedAt, ...rest } = stored;
    return { ...rest, nextSeq: Math.max(stored.nextSeq, nextSeq), lastSyncedAt: at };
  });
  return { read: pulled.files, written: pushed.files, received: applied.put.length, removed: applied.deleted.length, sent: pushed.states, compacted };
}

/** Changes made in this browser that the server does not have yet. */
export function waitingChanges(appId: string): Promise<number> {
  return pendingCount(appId);
}

/** Has this browser finished a sync of this account (false on a new profile: restore is offered)? */
export async function hasSynced(appId: string): Promise<boolean> {
  return (await accountRow(appId)).lastSyncedAt !== undefined;
}
