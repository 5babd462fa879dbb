import { setItemsForgetting } from '@/utils/storage/memo';
import { accountsItem, currentAccountIdItem, legacyCredentialsItem, legacyPushServerItem, legacyTokenSourceItem } from '@/utils/storage/items';
import { fail } from '@/utils/messaging/app-error';
import type { StoredAccount } from './account';

/** Reading the accounts, after moving a single-account install's keys into them once. */

let migrating: Promise<void> | undefined;
/** Once done in this worker it stays done: every request reads the accounts, and need not re-check old keys. */
let migrated = false;

/**
 * Moves a single-account install's credentials (and its test-push server) into the accounts
 * list, named after its AppID, and makes it current. Once per worker; a second caller waits for the first.
 */
export function migrateLegacyAccount(): Promise<void> {
  if (migrated) return Promise.resolve();
  migrating ??= (async () => {
    const [accounts, legacy, pushServer] = await Promise.all([accountsItem.getValue(), legacyCredentialsItem.getValue(), legacyPushServerItem.getValue()]);
    if (!legacy?.appId) return;
    if (accounts.length === 0) {
      const account: StoredAccount = {
        id: crypto.randomUUID(),
        name: legacy.appId,
        appId: legacy.appId,
        tokenSource: await legacyTokenSourceItem.getValue(),
        ...(legacy.appSecret && { appSecret: legacy.appSecret }),
        ...(pushServer && { pushServer }),
      };
      await setItemsForgetting([
        { item: accountsItem, value: [account] },
        { item: currentAccountIdItem, value: account.id },
      ]);
    }
    await Promise.all([legacyCredentialsItem.removeValue(), legacyTokenSourceItem.removeValue(), legacyPushServerItem.removeValue()]);
  })()
    .then(() => void (migrated = true))
    .finally(() => (migrating = undefined));
  return migrating;
}

/** Every account and the current one (undefined when there is none), after the one-time migration. */
export async function loadAccounts(): Promise<{ accounts: StoredAccount[]; current: StoredAccount | undefined }> {
  await migrateLegacyAccount();
  const [accounts, currentId] = await Promise.all([accountsItem.getValue(), currentAccountIdItem.getValue()]);
  return { accounts, current: accounts.find((account) => account.id === currentId) ?? accounts[0] };
}

/** For tests that reset storage between cases: the next read checks the old keys again. */
export function forgetAccountMigration(): void {
  migrated = false;
}

/**
 * The account an operation is for: the one a page names (account_missing if it is gone), else the
 * current one (credentials_missing when there is none). Read once when the operation starts.
 */
export async function accountFor(accountId?: string): Promise<StoredAccount> {
  const { accounts, current } = await loadAccounts();
  if (accountId === undefined) return current ?? fail({ code: 'credentials_missing' });
  return accounts.find((account) => account.id === accountId) ?? fail({ code: 'account_missing' });
}

/** The account a code was created in (its AppID), for operations on that code: a renew, a test push. */
export async function accountOfAppId(appId: string): Promise<StoredAccount> {
  const { accounts } = await loadAccounts();
  return accounts.find((account) => account.appId === appId) ?? fail({ code: 'account_missing' });
}
