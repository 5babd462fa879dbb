import type { StoredAccount } from '@/utils/accounts/account';
import { apiBaseOf } from '@/utils/accounts/relay';
import { accountSecret } from '@/utils/accounts/token-source';
import { fail } from '@/utils/messaging/app-error';
import { clearQuotaWithSecret } from '@/utils/wechat/openapi-api';

/**
 * The quota reset (clear_quota/v2, contract §8): one of the account's 10 a month, sent only after the
 * operator confirmed. It needs the AppSecret, so an account whose tokens come from a token server or a
 * pasted token cannot use it (the server's owner can, with theirs).
 */
export async function resetQuota(account: StoredAccount): Promise<void> {
  if (account.tokenSource === 'server' || account.tokenSource === 'pasted') fail({ code: 'quota_reset_needs_secret' });
  await clearQuotaWithSecret(apiBaseOf(account), account.appId, await accountSecret(account));
}
