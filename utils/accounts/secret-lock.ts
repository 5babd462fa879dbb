/**
 * AppSecrets locked with a passphrase (WebCrypto only, so it runs in the service worker):
 * PBKDF2-SHA256 turns the passphrase and a random 16-byte salt into a 256-bit key; each secret is
 * sealed with AES-GCM under that key and its own random 12-byte IV. The record's version, KDF,
 * iterations and salt are the AES-GCM additional data, so changing any of them (or the IV or the
 * ciphertext) makes unlocking fail exactly like a wrong passphrase does.
 *
 * Why the key is kept as raw bytes: the background is a service worker that Chrome stops after
 * 30 s idle. Asking for the passphrase again after every restart would be unusable, and a
 * non-extractable CryptoKey cannot be stored anywhere. So the derived key is exported as raw bytes
 * (`LockKey`, base64) for the caller to keep in storage.session: memory only, never written to
 * disk, gone when the browser closes, and not readable by content scripts. The passphrase itself is
 * never kept. Anyone who can run code in the extension while it is unlocked can read the secrets
 * anyway; the lock protects the profile on disk (a copied profile, a backup, another OS user), for
 * what was written under it: a value saved in the clear before may outlive it in LevelDB's old
 * records (SECURITY.md, "The passphrase lock: what it protects and what it cannot").
 */

import { AppFailure } from '@/utils/messaging/app-error';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. About 0.3–1 s once per unlock. */
export const PBKDF2_ITERATIONS = 600_000;
/** A record asking for more than this is refused as unreadable rather than freezing the worker. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const KEY_BYTES = 32;
/** AES-GCM's 128-bit tag: no ciphertext is shorter. */
const TAG_BYTES = 16;

/** A secret sealed with a passphrase: plain JSON, safe to keep in storage.local. */
export interface LockedSecret {
  v: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  /** base64 of the PBKDF2 salt (16 bytes); the same for every secret under one passphrase. */
  salt: string;
  /** base64 of the AES-GCM IV (12 bytes), fresh for every encryption. */
  iv: string;
  /** base64 of the AES-GCM ciphertext with its 16-byte tag. */
  ciphertext: string;
}

/**
 * The key a passphrase unlocks, with the salt and iterations it was derived with: plain JSON for
 * storage.session (see the top of this file for why raw bytes). Never put it in storage.local.
 */
export interface LockKey {
  salt: string;
  iterations: number;
  /** base64 of the 32 derived key bytes. */
  key: string;
}

/**
 * Why a lock operation failed (ErrorCodes too); none of them carries the passphrase or a secret.
 * - secret_wrong_passphrase: AES-GCM refused: a wrong passphrase or a record changed on disk.
 * - secret_lock_unreadable: the record or key is not the shape this module writes.
 * - secret_passphrase_empty: an empty passphrase locks nothing.
 */
export type SecretLockCode = 'secret_wrong_passphrase' | 'secret_lock_unreadable' | 'secret_passphrase_empty';

/** An AppFailure, so it crosses the message boundary as its own ErrorCode with words in both languages. */
export class SecretLockFailure extends AppFailure {
  constructor(readonly code: SecretLockCode) {
    super({ code });
    this.name = 'SecretLockFailure';
  }
}

export function isSecretLockFailure(thrown: unknown, code?: SecretLockCode): thrown is SecretLockFailure {
  return thrown instanceof SecretLockFailure && (code === undefined || thrown.code === code);
}

function lockFailure(code: SecretLockCode): never {
  throw new SecretLockFailure(code);
}

// ---------------------------------------------------------------------------------------------
// base64 without Buffer (the service worker has none)

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Strict standard base64 (padding required); throws a TypeError for anything else. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) throw new TypeError('not base64');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeField(base64: unknown, minBytes: number, maxBytes = Infinity): Uint8Array<ArrayBuffer> {
  if (typeof base64 !== 'string') return lockFailure('secret_lock_unreadable');
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(base64);
  } catch {
    return lockFailure('secret_lock_unreadable');
  }
  if (bytes.length < minBytes || bytes.length > maxBytes) lockFailure('secret_lock_unreadable');
  return bytes;
}

function validIterations(iterations: unknown): iterations is number {
  return Number.isSafeInteger(iterations) && (iterations as number) >= 1 && (iterations as number) <= MAX_PBKDF2_ITERATIONS;
}

// ---------------------------------------------------------------------------------------------
// keys

export function randomSalt(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

/**
 * The key `passphrase` gives with `salt`. The passphrase is NFC-normalized first, so the same
 * Chinese passphrase typed through different input methods gives the same key.
 * `iterations` is a parameter for tests; production always uses the default.
 */
export async function deriveLockKey(passphrase: string, salt: Uint8Array | string, iterations: number = PBKDF2_ITERATIONS): Promise<LockKey> {
  const normalized = passphrase.normalize('NFC');
  if (normalized === '') lockFailure('secret_passphrase_empty');
  if (!validIterations(iterations)) lockFailure('secret_lock_unreadable');
  const saltBytes = typeof salt === 'string' ? decodeField(salt, SALT_BYTES, SALT_BYTES) : new Uint8Array(salt);
  if (saltBytes.length !== SALT_BYTES) lockFailure('secret_lock_unreadable');
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(normalized), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: saltBytes, iterations }, material, KEY_BYTES * 8);
  return { salt: bytesToBase64(saltBytes), iterations, key: bytesToBase64(new Uint8Array(bits)) };
}

/** A key for a new passphrase (set or changed): a fresh random salt. */
export function newLockKey(passphrase: string, iterations: number = PBKDF2_ITERATIONS): Promise<LockKey> {
  return deriveLockKey(passphrase, randomSalt(), iterations);
}

/** A LockKey read back from storage.session, checked before use. */
export function isLockKey(value: unknown): value is LockKey {
  if (typeof value !== 'object' || value === null) return false;
  const { salt, iterations, key } = value as Record<string, unknown>;
  return validIterations(iterations) && isBase64Of(salt, SALT_BYTES) && isBase64Of(key, KEY_BYTES);
}

function isBase64Of(value: unknown, length: number): boolean {
  try {
    return typeof value === 'string' && base64ToBytes(value).length === length;
  } catch {
    return false;
  }
}

async function aesKey(key: LockKey, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  if (!isLockKey(key)) lockFailure('secret_lock_unreadable');
  return crypto.subtle.importKey('raw', base64ToBytes(key.key), 'AES-GCM', false, [usage]);
}

/** The header fields bound to the ciphertext: a changed salt or iteration count fails to unlock. */
function additionalData(locked: Pick<LockedSecret, 'v' | 'kdf' | 'iterations' | 'salt'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([locked.v, locked.kdf, locked.iterations, locked.salt]));
}

// ---------------------------------------------------------------------------------------------
// lock and unlock

export async function lockSecret(secret: string, key: LockKey): Promise<LockedSecret> {
  const cryptoKey = await aesKey(key, 'encrypt');
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header = { v: 1, kdf: 'PBKDF2-SHA256', iterations: key.iterations, salt: key.salt } as const;
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(header) }, cryptoKey, new TextEncoder().encode(secret));
  return { ...header, iv: bytesToBase64(iv), ciphertext: bytesToBase64(new Uint8Array(ciphertext)) };
}

/** Is this a record this module wrote (shape only: whether it unlocks is unlockSecret's question)? */
export function isLockedSecret(value: unknown): value is LockedSecret {
  try {
    checkShape(value);
    return true;
  } catch {
    return false;
  }
}

function checkShape(value: unknown): asserts value is LockedSecret {
  if (typeof value !== 'object' || value === null) lockFailure('secret_lock_unreadable');
  const record = value as Record<string, unknown>;
  if (record.v !== 1 || record.kdf !== 'PBKDF2-SHA256' || !validIterations(record.iterations)) lockFailure('secret_lock_unreadable');
  decodeField(record.salt, SALT_BYTES, SALT_BYTES);
  decodeField(record.iv, IV_BYTES, IV_BYTES);
  decodeField(record.ciphertext, TAG_BYTES);
}

/**
 * The secret inside `locked`. Throws secret_wrong_passphrase when AES-GCM refuses (wrong key, or
 * any field changed) and secret_lock_unreadable for a record of the wrong shape.
 */
export async function unlockSecret(locked: LockedSecret, key: LockKey): Promise<string> {
  checkShape(locked);
  const cryptoKey = await aesKey(key, 'decrypt');
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64ToBytes(locked.iv), additionalData: additionalData(locked) },
      cryptoKey,
      base64ToBytes(locked.ciphertext),
    );
  } catch {
    return lockFailure('secret_wrong_passphrase');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return lockFailure('secret_lock_unreadable');
  }
}

// ---------------------------------------------------------------------------------------------
// the passphrase check

/** What the check record holds: known text, so the passphrase can be checked with no secret stored yet. */
const CHECK_TEXT = 'scene-qr passphrase check v1';

/** A record to keep next to the locked secrets, so a passphrase can be checked even with no account. */
export function createPassphraseCheck(key: LockKey): Promise<LockedSecret> {
  return lockSecret(CHECK_TEXT, key);
}

/**
 * Derive the key from `passphrase` with the check's salt and iterations and prove it opens the
 * check (a record from createPassphraseCheck, or any locked secret). Returns the key to keep in
 * storage.session; throws secret_wrong_passphrase before anything has been re-encrypted.
 */
export async function checkPassphrase(check: LockedSecret, passphrase: string): Promise<LockKey> {
  checkShape(check);
  const key = await deriveLockKey(passphrase, check.salt, check.iterations);
  await unlockSecret(check, key);
  return key;
}
