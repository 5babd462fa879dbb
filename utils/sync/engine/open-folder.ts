import { type FolderFormat, folderKey, newFolderFormat, parseFolderFormat } from './sync-crypto';
import { FORMAT_FILE } from './file-names';
import type { Listed } from './read-plan';
import type { RemoteFolder } from '../remote-folder';

export interface FolderAccess {
  /** The files' key; undefined for a plain folder. */
  key: CryptoKey | undefined;
  format: FolderFormat;
}

/**
 * The first thing a sync does after listing: read the folder's format (or write it, for a new
 * folder: create-never-overwrite, so of two first browsers one format wins and the other reads it)
 * and check the passphrase against it. Every refusal comes before any other write.
 * `write: false` (the restore preview) never writes: an empty folder is simply plain and empty.
 */
export async function openFolder(
  folder: RemoteFolder,
  listed: Listed,
  passphrase: string | undefined,
  write = true,
  iterations?: number,
): Promise<FolderAccess> {
  if (!listed.hasFormat) {
    if (!write) return { key: undefined, format: { v: 1, app: 'scene-qr-sync', encryption: passphrase ? 'aes-gcm' : 'none' } as FolderFormat };
    const format = await newFolderFormat(passphrase, iterations);
    if ((await folder.create(FORMAT_FILE, new TextEncoder().encode(JSON.stringify(format)))) === 'created') {
      return { key: await folderKey(format, passphrase), format };
    }
  }
  const format = parseFolderFormat(await folder.read(FORMAT_FILE));
  return { key: await folderKey(format, passphrase), format };
}
