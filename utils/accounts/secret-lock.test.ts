import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  IV_BYTES,
  type LockKey,
  type LockedSecret,
  PBKDF2_ITERATIONS,
  SALT_BYTES,
  SecretLockFailure,
  base64ToBytes,
  bytesToBase64,
  checkPassphrase,
  createPassphraseCheck,
  deriveLockKey,
  isLockKey,
  isLockedSecret,
  isSecretLockFailure,
  lockSecret,
  newLockKey,
  unlockSecret,
} from './secret-lock';

/** Few iterations keep the suite fast; the production count is asserted and run once below. */
const FAST = 1_000;
const PASSPHRASE = '正确的马 battery staple';
const SECRET = '0123456789abcdef0123456789abcdef';
const OTHER_SECRET = 'fedcba9876543210fedcba9876543210';

async function failure(promise: Promise<unknown>): Promise<SecretLockFailure> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof SecretLockFailure) return thrown;
    throw thrown;
  }
  throw new Error('expected a SecretLockFailure, got success');
}

/** Flip one bit of a base64 field. */
function flip(base64: string, byte = 0): string {
  const bytes = base64ToBytes(base64);
  bytes[byte]! ^= 0x01;
  return bytesToBase64(bytes);
}

let key: LockKey;
let otherKey: LockKey;

beforeAll(async () => {
  key = await newLockKey(PASSPHRASE, FAST);
  otherKey = await newLockKey('another passphrase', FAST);
});

describe('base64', () => {
  it('round-trips every byte value and long inputs', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    const long = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256);
    expect(base64ToBytes(bytesToBase64(long))).toEqual(long);
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });

  it('matches the standard encoding', () => {
    expect(bytesToBase64(new TextEncoder().encode('any carnal pleas'))).toBe('YW55IGNhcm5hbCBwbGVhcw==');
    expect(new TextDecoder().decode(base64ToBytes('YW55IGNhcm5hbCBwbGVhcw=='))).toBe('any carnal pleas');
  });

  it('refuses what is not strict base64', () => {
    for (const bad of ['abc', 'ab$d', 'YW55 IGNh', 'YW55-_==', '====']) expect(() => base64ToBytes(bad)).toThrow(TypeError);
  });
});

describe('PBKDF2 settings', () => {
  it('production uses at least 600,000 iterations, a 16-byte salt and a 12-byte IV', () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(SALT_BYTES).toBe(16);
    expect(IV_BYTES).toBe(12);
  });

  it('a key made with the defaults records 600,000 iterations, and so does what it locks', async () => {
    const productionKey = await newLockKey(PASSPHRASE);
    expect(productionKey.iterations).toBe(PBKDF2_ITERATIONS);
    const check = await createPassphraseCheck(productionKey);
    expect(check.iterations).toBe(PBKDF2_ITERATIONS);
    // The check derives again with the recorded count and gets the same key.
    expect(await checkPassphrase(check, PASSPHRASE)).toEqual(productionKey);
  }, 20_000);

  it('derives the standard PBKDF2-HMAC-SHA256 of the NFC passphrase (same as Node)', async () => {
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const derived = await deriveLockKey(PASSPHRASE, salt, FAST);
    const expected = pbkdf2Sync(Buffer.from(PASSPHRASE.normalize('NFC')), salt, FAST, 32, 'sha256');
    expect(derived).toEqual({ salt: bytesToBase64(salt), iterations: FAST, key: expected.toString('base64') });
  });

  it('normalizes the passphrase: composed and decomposed forms give the same key', async () => {
    const salt = base64ToBytes(key.salt);
    const composed = await deriveLockKey('caf\u00e9', salt, FAST);
    const decomposed = await deriveLockKey('cafe\u0301', salt, FAST);
    expect(decomposed).toEqual(composed);
  });

  it('refuses an empty passphrase, a wrong-sized salt and absurd iteration counts', async () => {
    expect((await failure(newLockKey('', FAST))).code).toBe('secret_passphrase_empty');
    expect((await failure(deriveLockKey(PASSPHRASE, new Uint8Array(8), FAST))).code).toBe('secret_lock_unreadable');
    expect((await failure(deriveLockKey(PASSPHRASE, key.salt, 0))).code).toBe('secret_lock_unreadable');
    expect((await failure(deriveLockKey(PASSPHRASE, key.salt, 1e12))).code).toBe('secret_lock_unreadable');
  });

  it('a fresh key gets a fresh salt', async () => {
    const again = await newLockKey(PASSPHRASE, FAST);
    expect(again.salt).not.toBe(key.salt);
    expect(again.key).not.toBe(key.key);
  });
});

describe('lockSecret / unlockSecret', () => {
  it('round-trips a secret, including non-ASCII text', async () => {
    expect(await unlockSecret(await lockSecret(SECRET, key), key)).toBe(SECRET);
    expect(await unlockSecret(await lockSecret('密钥 🔑', key), key)).toBe('密钥 🔑');
  });

  it('writes a versioned plain-JSON record with no trace of the secret', async () => {
    const locked = await lockSecret(SECRET, key);
    expect(locked).toMatchObject({ v: 1, kdf: 'PBKDF2-SHA256', iterations: FAST, salt: key.salt });
    expect(base64ToBytes(locked.iv)).toHaveLength(IV_BYTES);
    expect(base64ToBytes(locked.ciphertext)).toHaveLength(SECRET.length + 16);
    expect(JSON.parse(JSON.stringify(locked))).toEqual(locked);
    expect(JSON.stringify(locked)).not.toContain(SECRET);
    expect(isLockedSecret(locked)).toBe(true);
  });

  it('two encryptions of the same secret differ (random IV)', async () => {
    const a = await lockSecret(SECRET, key);
    const b = await lockSecret(SECRET, key);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('is plain AES-256-GCM with the header as additional data (readable by any AES-GCM tool)', async () => {
    const locked = await lockSecret(SECRET, key);
    const sealed = Buffer.from(base64ToBytes(locked.ciphertext));
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(base64ToBytes(key.key)), Buffer.from(base64ToBytes(locked.iv)));
    decipher.setAAD(Buffer.from(JSON.stringify([1, 'PBKDF2-SHA256', locked.iterations, locked.salt])));
    decipher.setAuthTag(sealed.subarray(-16));
    expect(Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString('utf8')).toBe(SECRET);
  });

  it("refuses another passphrase's key as secret_wrong_passphrase", async () => {
    const locked = await lockSecret(SECRET, key);
    const refused = await failure(unlockSecret(locked, otherKey));
    expect(refused.code).toBe('secret_wrong_passphrase');
    expect(isSecretLockFailure(refused, 'secret_wrong_passphrase')).toBe(true);
    expect(refused.message).not.toContain(SECRET);
  });

  it.each([
    ['ciphertext', (l: LockedSecret) => ({ ...l, ciphertext: flip(l.ciphertext) })],
    ['tag (last ciphertext byte)', (l: LockedSecret) => ({ ...l, ciphertext: flip(l.ciphertext, base64ToBytes(l.ciphertext).length - 1) })],
    ['iv', (l: LockedSecret) => ({ ...l, iv: flip(l.iv) })],
    ['salt', (l: LockedSecret) => ({ ...l, salt: flip(l.salt) })],
    ['iterations', (l: LockedSecret) => ({ ...l, iterations: l.iterations + 1 })],
  ])('refuses a record with a changed %s, even with the right key', async (_, tamper) => {
    const locked = await lockSecret(SECRET, key);
    expect((await failure(unlockSecret(tamper(locked), key))).code).toBe('secret_wrong_passphrase');
  });

  it('refuses a truncated ciphertext or a ciphertext moved from another record', async () => {
    const a = await lockSecret(SECRET, key);
    const b = await lockSecret(OTHER_SECRET, key);
    const truncated = bytesToBase64(base64ToBytes(a.ciphertext).subarray(0, 20));
    expect((await failure(unlockSecret({ ...a, ciphertext: truncated }, key))).code).toBe('secret_wrong_passphrase');
    expect((await failure(unlockSecret({ ...a, ciphertext: b.ciphertext }, key))).code).toBe('secret_wrong_passphrase');
  });

  it.each([
    ['null', null],
    ['a string', 'secret'],
    ['another version', { v: 2 }],
    ['another kdf', { kdf: 'scrypt' }],
    ['a 1e12 iteration count', { iterations: 1e12 }],
    ['a short iv', { iv: bytesToBase64(new Uint8Array(8)) }],
    ['a short salt', { salt: bytesToBase64(new Uint8Array(8)) }],
    ['a ciphertext shorter than the tag', { ciphertext: bytesToBase64(new Uint8Array(15)) }],
    ['a ciphertext that is not base64', { ciphertext: 'not base64!' }],
  ])('refuses a record with %s as secret_lock_unreadable', async (_, change) => {
    const locked = await lockSecret(SECRET, key);
    const record = change === null || typeof change === 'string' ? change : { ...locked, ...change };
    expect(isLockedSecret(record)).toBe(false);
    expect((await failure(unlockSecret(record as LockedSecret, key))).code).toBe('secret_lock_unreadable');
  });

  it('refuses a key of the wrong shape as secret_lock_unreadable', async () => {
    const locked = await lockSecret(SECRET, key);
    const shortKey = { ...key, key: bytesToBase64(new Uint8Array(16)) };
    expect(isLockKey(key)).toBe(true);
    expect(isLockKey(shortKey)).toBe(false);
    expect(isLockKey(null)).toBe(false);
    expect((await failure(unlockSecret(locked, shortKey))).code).toBe('secret_lock_unreadable');
    expect((await failure(lockSecret(SECRET, shortKey))).code).toBe('secret_lock_unreadable');
  });

  it('a key that went through JSON (storage.session) still unlocks', async () => {
    const locked = await lockSecret(SECRET, key);
    expect(await unlockSecret(locked, JSON.parse(JSON.stringify(key)) as LockKey)).toBe(SECRET);
  });
});

describe('checkPassphrase', () => {
  it('returns the key for the right passphrase, the same one the secrets were locked with', async () => {
    const check = await createPassphraseCheck(key);
    const unlocked = await checkPassphrase(check, PASSPHRASE);
    expect(unlocked).toEqual(key);
    expect(await unlockSecret(await lockSecret(SECRET, key), unlocked)).toBe(SECRET);
  });

  it('refuses a wrong passphrase, one letter off or only different in case', async () => {
    const check = await createPassphraseCheck(key);
    for (const wrong of ['正确的马 battery stapl', '正确的马 Battery staple', 'x']) {
      expect((await failure(checkPassphrase(check, wrong))).code).toBe('secret_wrong_passphrase');
    }
  });

  it('refuses an empty passphrase without deriving anything', async () => {
    const check = await createPassphraseCheck(key);
    expect((await failure(checkPassphrase(check, ''))).code).toBe('secret_passphrase_empty');
  });

  it('works on any locked secret as well as on the check record', async () => {
    expect(await checkPassphrase(await lockSecret(SECRET, key), PASSPHRASE)).toEqual(key);
  });
});
