import { fail } from './app-error';
import { type StoredAccount, accountsItem, loadAccounts, lockCheckItem, lockKeyItem, pastedTokenItem } from './account-storage';
import { publicSettings } from './account-settings';
import type { PublicSettings } from './messages';
import { checkPassphrase, createPassphraseCheck, lockSecret, newLockKey, unlockAll } from './secret-lock';
import { tokenItem } from './settings-storage';
import { setItemsForgetting } from './storage-memo';
import { pastedToken } from './token-server';

/**
 * The passphrase lock over every account's AppSecret (utils/secret-lock.ts does the crypto).
 * Each change is written in one storage call: the accounts and the check move together, so a
 * failure part-way leaves the old state, never a mix of old and new seals.
 */

function requirePassphrase(passphrase: string, confirm: string): void {
  if (passphrase.normalize('NFC') === '') fail({ code: 'secret_passphrase_empty', field: 'passphrase' });
  if (passphrase !== confirm) fail({ code: 'secret_passphrase_mismatch', field: 'confirm' });
}

/** The AppSecrets of every account, in the clear, opened with `currentPassphrase` if locked. */
async function openSecrets(accounts: readonly StoredAccount[], currentPassphrase?: string): Promise<Map<string, string>> {
  const check = await lockCheckItem.getValue();
  const plain = new Map(accounts.flatMap((account) => (account.appSecret ? [[account.id, account.appSecret] as const] : [])));
  if (!check) return plain;
  const key = await checkPassphrase(check, currentPassphrase ?? '');
  const sealed = accounts.filter((account) => account.lockedSecret);
  const opened = await unlockAll(sealed.map((account) => account.lockedSecret!), key);
  sealed.forEach((account, index) => plain.set(account.id, opened[index]!));
  return plain;
}

/** Sets the lock (currentPassphrase absent) or changes the passphrase: every secret sealed under the new one. */
export async function setPassphrase(input: { passphrase: string; confirm: string; currentPassphrase?: string }): Promise<PublicSettings> {
  requirePassphrase(input.passphrase, input.confirm);
  const { accounts } = await loadAccounts();
  const secrets = await openSecrets(accounts, input.currentPassphrase);
  const key = await newLockKey(input.passphrase);
  const sealed = await Promise.all(
    accounts.map(async (account): Promise<StoredAccount> => {
      const { appSecret, lockedSecret: _old, ...rest } = account;
      const secret = secrets.get(account.id) ?? appSecret;
      return secret ? { ...rest, lockedSecret: await lockSecret(secret, key) } : rest;
    }),
  );
  await setItemsForgetting([
    { item: accountsItem, value: sealed },
    { item: lockCheckItem, value: await createPassphraseCheck(key) },
  ]);
  await lockKeyItem.setValue(key);
  return publicSettings();
}

/** Removes the lock: the secrets go back to plain storage (after the passphrase proves it may). */
export async function removePassphrase(currentPassphrase: string): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  const secrets = await openSecrets(accounts, currentPassphrase);
  const plain = accounts.map((account): StoredAccount => {
    const { lockedSecret: _sealed, ...rest } = account;
    const secret = secrets.get(account.id);
    return secret ? { ...rest, appSecret: secret } : rest;
  });
  await setItemsForgetting([
    { item: accountsItem, value: plain },
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

/** Forgets the key now, and the tokens its secrets fetched: nothing more is asked of WeChat until unlocked. */
export async function lockNow(): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  await lockKeyItem.removeValue();
  await Promise.all(accounts.filter((account) => account.lockedSecret).map((account) => tokenItem(account.appId).removeValue()));
  return publicSettings();
}

/** A token pasted for an account, for this browser session; it replaces any cached token. */
export async function pasteToken(input: { id: string; token: string }): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  const account = accounts.find((one) => one.id === input.id) ?? fail({ code: 'account_missing' });
  await pastedTokenItem(account.id).setValue(pastedToken(input.token));
  await tokenItem(account.appId).removeValue();
  return publicSettings();
}
