import { fail } from '@/utils/messaging/app-error';
import { lockCheckItem, lockKeyItem } from '@/utils/storage/items';
import { type LockedSecret, isLockKey, lockSecret, unlockSecret } from './secret-lock';

/**
 * A stored credential (an AppSecret, a token server's header value, a push server's Token) as the
 * passphrase lock keeps it: in the clear without the lock, sealed with it (utils/accounts/lock.ts
 * seals and opens them all at once when the lock is set, changed or removed).
 */

/** How a credential typed now will be stored: sealed when the lock is on (which needs it unlocked). */
export async function storableCredential(value: string): Promise<{ plain: string } | { sealed: LockedSecret }> {
  if ((await lockCheckItem.getValue()) === null) return { plain: value };
  const key = await lockKeyItem.getValue();
  if (!isLockKey(key)) fail({ code: 'secret_locked' });
  return { sealed: await lockSecret(value, key) };
}

/** A credential in the clear, for the request that needs it: opened with the session's key when sealed (secret_locked without one). */
export async function openCredential(plain: string | undefined, sealed: LockedSecret | undefined): Promise<string | undefined> {
  if (!sealed) return plain;
  const key = await lockKeyItem.getValue();
  if (!isLockKey(key)) fail({ code: 'secret_locked' });
  return unlockSecret(sealed, key);
}
