import { fail } from '@/utils/messaging/app-error';
import { type StoredAccount, type TokenForgetter, hasSealedCredential } from './account';
import { accountsItem, lockCheckItem, lockKeyItem, pastedTokenItem, syncSettingsItem } from '@/utils/storage/items';
import type { StoredSyncSettings } from '@/utils/sync/stored-sync-settings';
import { loadAccounts } from './store';
import { publicSettings } from './settings';
import type { PublicSettings } from '@/utils/messaging/messages';
import { type LockKey, type LockedSecret, checkPassphrase, createPassphraseCheck, lockSecret, newLockKey, unlockSecret } from './secret-lock';
import { setItemsForgetting } from '@/utils/storage/memo';
import { pastedToken } from './token-server';

/**
 * The passphrase lock over every account's credentials: its AppSecret and its token server's header
 * value (either one gets the account's tokens), and its push server's Token (it signs pushes as
 * WeChat would); and sync's WebDAV app password and sync passphrase. utils/accounts/secret-lock.ts does the crypto. Each change is
 * written in one storage call: the accounts and the check move together, so a failure part-way
 * leaves the old state, never a mix of old and new seals.
 */

/** One account's credentials in the clear. */
interface Credentials {
  appSecret?: string;
  headerValue?: string;
  pushToken?: string;
}

function requirePassphrase(passphrase: string, confirm: string): void {
  if (passphrase.normalize('NFC') === '') fail({ code: 'secret_passphrase_empty', field: 'passphrase' });
  if (passphrase !== confirm) fail({ code: 'secret_passphrase_mismatch', field: 'confirm' });
}

/** Every account's credentials in the clear, opened with `currentPassphrase` if locked. */
async function openCredentials(accounts: readonly StoredAccount[], currentPassphrase?: string): Promise<Map<string, Credentials>> {
  const check = await lockCheckItem.getValue();
  const key = check ? await checkPassphrase(check, currentPassphrase ?? '') : undefined;
  const open = async (plain: string | undefined, sealed: LockedSecret | undefined) => (sealed && key ? unlockSecret(sealed, key) : plain);
  const opened = await Promise.all(
    accounts.map(async (account) => {
      const [appSecret, headerValue, pushToken] = await Promise.all([
        open(account.appSecret, account.lockedSecret),
        open(account.tokenServer?.headerValue, account.tokenServer?.lockedHeaderValue),
        open(account.pushServer?.token, account.pushServer?.lockedToken),
      ]);
      return [account.id, { appSecret, headerValue, pushToken }] as const;
    }),
  );
  return new Map(opened);
}

/** The account with its credentials stored in the clear (no key) or sealed with `key`. */
async function storedWith(account: StoredAccount, credentials: Credentials | undefined, key?: LockKey): Promise<StoredAccount> {
  const { appSecret: _plain, lockedSecret: _sealed, tokenServer, pushServer, ...rest } = account;
  const next: StoredAccount = rest;
  if (credentials?.appSecret) Object.assign(next, key ? { lockedSecret: await lockSecret(credentials.appSecret, key) } : { appSecret: credentials.appSecret });
  if (tokenServer) {
    const { headerValue: _plainHeader, lockedHeaderValue: _sealedHeader, ...server } = tokenServer;
    const value = credentials?.headerValue;
    next.tokenServer = { ...server, ...(value && (key ? { lockedHeaderValue: await lockSecret(value, key) } : { headerValue: value })) };
  }
  if (pushServer) {
    const { token: _plainToken, lockedToken: _sealedToken, ...server } = pushServer;
    const token = credentials?.pushToken;
    next.pushServer = { ...server, ...(token && (key ? { lockedToken: await lockSecret(token, key) } : { token })) };
  }
  return next;
}

/** Sync's settings with its app password and sync passphrase opened with the current passphrase and stored in the clear (no key) or sealed with `key`. */
async function syncSettingsWith(currentPassphrase: string | undefined, key?: LockKey): Promise<StoredSyncSettings | null> {
  const stored = await syncSettingsItem.getValue();
  if (!stored) return null;
  const check = await lockCheckItem.getValue();
  const oldKey = check ? await checkPassphrase(check, currentPassphrase ?? '') : undefined;
  const open = async (plain: string | undefined, sealed: LockedSecret | undefined) => (sealed && oldKey ? unlockSecret(sealed, oldKey) : plain);
  const { password: _p, lockedPassword, passphrase: _s, lockedPassphrase, ...rest } = stored;
  const next: StoredSyncSettings = rest;
  const password = await open(stored.password, lockedPassword);
  const passphrase = await open(stored.passphrase, lockedPassphrase);
  if (password) Object.assign(next, key ? { lockedPassword: await lockSecret(password, key) } : { password });
  if (passphrase) Object.assign(next, key ? { lockedPassphrase: await lockSecret(passphrase, key) } : { passphrase });
  return next;
}

/** Sets the lock (currentPassphrase absent) or changes the passphrase: every credential sealed under the new one. */
export async function setPassphrase(input: { passphrase: string; confirm: string; currentPassphrase?: string }): Promise<PublicSettings> {
  requirePassphrase(input.passphrase, input.confirm);
  const { accounts } = await loadAccounts();
  const credentials = await openCredentials(accounts, input.currentPassphrase);
  const key = await newLockKey(input.passphrase);
  const sealed = await Promise.all(accounts.map((account) => storedWith(account, credentials.get(account.id), key)));
  const sync = await syncSettingsWith(input.currentPassphrase, key);
  await setItemsForgetting([
    { item: accountsItem, value: sealed },
    { item: syncSettingsItem, value: sync },
    { item: lockCheckItem, value: await createPassphraseCheck(key) },
  ]);
  await lockKeyItem.setValue(key);
  return publicSettings();
}

/** Removes the lock: the credentials go back to plain storage (after the passphrase proves it may). */
export async function removePassphrase(currentPassphrase: string): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  const credentials = await openCredentials(accounts, currentPassphrase);
  const plain = await Promise.all(accounts.map((account) => storedWith(account, credentials.get(account.id))));
  const sync = await syncSettingsWith(currentPassphrase);
  await setItemsForgetting([
    { item: accountsItem, value: plain },
    { item: syncSettingsItem, value: sync },
    { item: lockCheckItem, value: null },
  ]);
  await lockKeyItem.removeValue();
  return publicSettings();
}

/** Keeps the passphrase's key for this browser session. A wrong passphrase changes nothing. */
export async function unlock(passphrase: string): Promise<PublicSettings> {
  const check = await lockCheckItem.getValue();
  if (check) await lockKeyItem.setValue(await checkPassphrase(check, passphrase));
  return publicSettings();
}

/**
 * Forgets the key now, and the tokens its secrets fetched: nothing more is asked of WeChat until
 * unlocked. The key goes first, so a token fetch in flight that the cache throws away cannot fetch
 * again with it; the cache then drops the token and whatever such a fetch brings back.
 */
export async function lockNow(tokens: TokenForgetter): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  await lockKeyItem.removeValue();
  await Promise.all(accounts.filter(hasSealedCredential).map((account) => tokens.forgetToken(account.appId)));
  return publicSettings();
}

/** A token pasted for an account, for this browser session; it replaces any cached token. */
export async function pasteToken(input: { id: string; token: string }, tokens: TokenForgetter): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  const account = accounts.find((one) => one.id === input.id) ?? fail({ code: 'account_missing' });
  await pastedTokenItem(account.id).setValue(pastedToken(input.token));
  await tokens.forgetToken(account.appId);
  return publicSettings();
}
