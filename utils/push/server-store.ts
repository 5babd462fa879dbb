import { accountsItem } from '@/utils/storage/items';
import type { StoredAccount } from '@/utils/accounts/account';
import { accountFor } from '@/utils/accounts/store';
import type { StoredPushServer } from './push-server';

/**
 * The account's own server (test pushes) belongs to the account: each Official Account has its
 * own URL and Token in 公众平台. Read and written on the account the page or the code names.
 */
export async function pushServerOf(accountId?: string): Promise<{ account: StoredAccount; server: StoredPushServer | null }> {
  const account = await accountFor(accountId);
  return { account, server: account.pushServer ?? null };
}

export async function savePushServerOf(accountId: string, server: StoredPushServer | null): Promise<void> {
  await accountFor(accountId);
  const accounts = await accountsItem.getValue();
  await accountsItem.setValue(
    accounts.map((account) => {
      if (account.id !== accountId) return account;
      const { pushServer: _old, ...rest } = account;
      return server ? { ...rest, pushServer: server } : rest;
    }),
  );
}
