import { AppFailure, fail } from '@/utils/messaging/app-error';
import { FORMAT_FILE } from './file-names';
import { IV_BYTES, PBKDF2_ITERATIONS, base64ToBytes, bytesToBase64, deriveLockKey, randomSalt } from '@/utils/accounts/secret-lock';

/**
 * Optional end-to-end encryption of one account's sync folder with a sync passphrase: PBKDF2-SHA256
 * (600,000 iterations, the passphrase lock's figure) gives an AES-256-GCM key; every file is sealed
 * under its own random IV with its file name as additional data (the host cannot swap two files).
 *
 * The folder's `sync-format` file (plain JSON, no secret) says whether the folder is encrypted and
 * holds the salt and a check value: the check is a known text sealed under the key, so a wrong
 * passphrase fails on it BEFORE this browser writes or removes anything, and a browser with a
 * passphrase never writes into a plain folder (nor one without into an encrypted folder).
 */
export type FolderFormat =
  | { v: 1; app: 'scene-qr-sync'; encryption: 'none' }
  | { v: 1; app: 'scene-qr-sync'; encryption: 'aes-gcm'; kdf: 'PBKDF2-SHA256'; iterations: number; salt: string; check: string };

const CHECK_TEXT = 'scene-qr sync passphrase check';

let cached: { salt: string; iterations: number; passphrase: string; key: CryptoKey } | undefined;

function checkData(format: Extract<FolderFormat, { encryption: 'aes-gcm' }>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([format.v, format.kdf, format.iterations, format.salt]));
}

async function keyFor(passphrase: string, salt: string, iterations: number): Promise<CryptoKey> {
  if (cached && cached.salt === salt && cached.iterations === iterations && cached.passphrase === passphrase) return cached.key;
  const derived = await deriveLockKey(passphrase, salt, iterations);
  const key = await crypto.subtle.importKey('raw', base64ToBytes(derived.key), 'AES-GCM', false, ['encrypt', 'decrypt']);
  // Kept in the worker's memory only: one derivation (about half a second) per worker start, not per sync.
  cached = { salt, iterations, passphrase, key };
  return key;
}

/** The format file for a new folder; `iterations` is a parameter for tests only. */
export async function newFolderFormat(passphrase: string | undefined, iterations = PBKDF2_ITERATIONS): Promise<FolderFormat> {
  if (!passphrase) return { v: 1, app: 'scene-qr-sync', encryption: 'none' };
  const salt = bytesToBase64(randomSalt());
  const format = { v: 1, app: 'scene-qr-sync', encryption: 'aes-gcm', kdf: 'PBKDF2-SHA256', iterations, salt, check: '' } as const;
  const key = await keyFor(passphrase, salt, iterations);
  const sealed = await sealBytes(key, FORMAT_FILE, new TextEncoder().encode(CHECK_TEXT), checkData(format));
  return { ...format, check: bytesToBase64(sealed) };
}

export function parseFolderFormat(bytes: Uint8Array): FolderFormat {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return fail({ code: 'sync_file_unreadable', params: [FORMAT_FILE] });
  }
  const format = value as Partial<Record<string, unknown>>;
  if (typeof format !== 'object' || format === null || format.app !== 'scene-qr-sync') fail({ code: 'sync_file_unreadable', params: [FORMAT_FILE] });
  if (format.v !== 1) fail({ code: 'sync_format_newer' });
  if (format.encryption === 'none') return value as FolderFormat;
  const iterationsOk = Number.isSafeInteger(format.iterations) && (format.iterations as number) >= 1 && (format.iterations as number) <= 10_000_000;
  if (format.encryption !== 'aes-gcm' || format.kdf !== 'PBKDF2-SHA256' || !iterationsOk || typeof format.salt !== 'string' || typeof format.check !== 'string')
    fail({ code: 'sync_file_unreadable', params: [FORMAT_FILE] });
  return value as FolderFormat;
}

/**
 * The key the folder's files are sealed with (undefined: a plain folder), or the refusal:
 * sync_passphrase_needed, sync_passphrase_wrong, sync_folder_not_encrypted.
 */
export async function folderKey(format: FolderFormat, passphrase: string | undefined): Promise<CryptoKey | undefined> {
  if (format.encryption === 'none') {
    if (passphrase) fail({ code: 'sync_folder_not_encrypted' });
    return undefined;
  }
  if (!passphrase) fail({ code: 'sync_passphrase_needed' });
  let key: CryptoKey;
  try {
    key = await keyFor(passphrase, format.salt, format.iterations);
    const text = await openBytes(key, FORMAT_FILE, base64ToBytes(format.check), checkData(format));
    if (new TextDecoder().decode(text) !== CHECK_TEXT) throw new Error('check text differs');
  } catch (thrown) {
    if (thrown instanceof AppFailure && thrown.error.code !== 'secret_wrong_passphrase') throw thrown;
    return fail({ code: 'sync_passphrase_wrong' });
  }
  return key;
}

export async function sealBytes(key: CryptoKey, name: string, plain: Uint8Array, additional = new TextEncoder().encode(name)): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additional as Uint8Array<ArrayBuffer> }, key, plain as Uint8Array<ArrayBuffer>),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return out;
}

/** Throws (a DOMException) when the bytes were not sealed under this key and name. */
export async function openBytes(key: CryptoKey, name: string, bytes: Uint8Array, additional = new TextEncoder().encode(name)): Promise<Uint8Array> {
  const iv = bytes.slice(0, IV_BYTES);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: additional as Uint8Array<ArrayBuffer> }, key, bytes.slice(IV_BYTES));
  return new Uint8Array(plain);
}
