import { accountsItem, loadAccounts } from './account-storage';
import { fail } from './app-error';
import type { StoredPushServer } from './settings-storage';

/**
 * The account's own server (test pushes) belongs to the account: each Official Account has its
 * own URL and Token in 公众平台. Read and written on the current account.
 */
export async function currentPushServer(): Promise<StoredPushServer | null> {
  return (await loadAccounts()).current?.pushServer ?? null;
}

export async function saveCurrentPushServer(server: StoredPushServer | null): Promise<void> {
  const { accounts, current } = await loadAccounts();
  if (!current) fail({ code: 'credentials_missing' });
  await accountsItem.setValue(
    accounts.map((account) => {
      if (account.id !== current.id) return account;
      const { pushServer: _old, ...rest } = account;
      return server ? { ...rest, pushServer: server } : rest;
    }),
  );
}
