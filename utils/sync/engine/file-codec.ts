import { fail } from '@/utils/messaging/app-error';
import type { CodeState } from '../merge/code-state';
import type { Covers } from '../merge/local-rows';
import { gunzip, gzip } from './gzip';
import { openBytes, sealBytes } from './sync-crypto';

/**
 * A sync file's bytes: JSON lines (a header, then one record state per line), gzip, and when the
 * folder is encrypted, zero-padded to a multiple of PAD_BYTES and sealed (sync-crypto.ts), so a
 * file's size says roughly how many codes it holds and nothing of their labels.
 */
export type FileHeader =
  | { v: 1; kind: 'seg'; appId: string; device: string; n: number }
  | { v: 1; kind: 'part'; appId: string; device: string; n: number; part: number }
  | { v: 1; kind: 'snap'; appId: string; device: string; n: number; covers: Covers; parts: number };

export interface SyncFile {
  header: FileHeader;
  /** Record states; kinds this version does not know (added later: batches, channel groups) are skipped on reading. */
  entries: CodeState[];
}

const PAD_BYTES = 1024;

function pad(gz: Uint8Array): Uint8Array {
  const total = Math.ceil((gz.length + 4) / PAD_BYTES) * PAD_BYTES;
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, gz.length);
  out.set(gz, 4);
  return out;
}

function unpad(padded: Uint8Array): Uint8Array {
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  if (length > padded.length - 4) throw new Error('bad padding');
  return padded.subarray(4, 4 + length);
}

export async function encodeSyncFile(name: string, file: SyncFile, key: CryptoKey | undefined): Promise<Uint8Array> {
  const lines = [JSON.stringify(file.header)];
  for (const entry of file.entries) lines.push(JSON.stringify(entry));
  const gz = await gzip(new TextEncoder().encode(lines.join('\n')));
  return key ? sealBytes(key, name, pad(gz)) : gz;
}

function isCodeState(value: unknown, appId: string): value is CodeState {
  const state = value as Partial<CodeState> | null;
  return (
    typeof state === 'object' &&
    state !== null &&
    typeof state.id === 'string' &&
    state.appId === appId &&
    typeof state.born === 'string' &&
    typeof state.core === 'object' &&
    state.core !== null &&
    Array.isArray(state.label) &&
    typeof state.label[0] === 'string' &&
    Array.isArray(state.note) &&
    typeof state.note[0] === 'string'
  );
}

/** Reads a file this account's folder holds; anything else (damaged, another account's, renamed) is sync_file_unreadable. */
export async function decodeSyncFile(name: string, bytes: Uint8Array, key: CryptoKey | undefined, appId: string): Promise<SyncFile> {
  let lines: string[];
  try {
    const gz = key ? unpad(await openBytes(key, name, bytes)) : bytes;
    lines = new TextDecoder('utf-8', { fatal: true }).decode(await gunzip(gz)).split('\n');
  } catch {
    return fail({ code: 'sync_file_unreadable', params: [name] });
  }
  const unreadable = () => fail({ code: 'sync_file_unreadable', params: [name] });
  let header: FileHeader;
  try {
    header = JSON.parse(lines[0]!) as FileHeader;
  } catch {
    return unreadable();
  }
  if (header.v !== 1) fail({ code: 'sync_format_newer' });
  if (header.appId !== appId) unreadable();
  const entries: CodeState[] = [];
  for (let index = 1; index < lines.length; index++) {
    let value: unknown;
    try {
      value = JSON.parse(lines[index]!);
    } catch {
      return unreadable();
    }
    if ((value as { k?: unknown } | null)?.k !== 'code') continue;
    if (!isCodeState(value, appId)) unreadable();
    entries.push(value as CodeState);
  }
  return { header, entries };
}
