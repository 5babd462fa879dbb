import { accountFor } from '@/utils/accounts/store';
import { accountClient } from '@/utils/accounts/token-source';
import { permanentCodeCount } from '@/utils/history/query';
import type { MessageHandlers } from '@/utils/messaging/router';
import { checkupsItem } from '@/utils/storage/items';
import type { WechatClient } from '@/utils/wechat/client';
import { QUOTA_PATHS, type QuotaPath } from '@/utils/wechat/openapi-api';
import { knownSecrets } from './known-secrets';
import { resetQuota } from './quota-reset';
import { ridDetails } from './rid-details';
import { runCheckup } from './run-checkup';

type CheckupMessages = 'runCheckup' | 'lastCheckup' | 'quotaToday' | 'lookupRid' | 'resetQuota';

/**
 * The check-up's messages (issue #15): each reads the account it names once and makes every call with
 * that snapshot. The last check-up of each account is kept (without secrets) for the options page and
 * the popup.
 */
export function checkupHandlers(wechat: Pick<WechatClient, 'for' | 'forgetToken'>, now: () => number): Pick<MessageHandlers, CheckupMessages> {
  return {
    async runCheckup({ accountId }) {
      const account = await accountFor(accountId);
      // A cached token proves nothing about today's AppSecret or whitelist: fetch one. Not for the classic
      // source: a new classic token cuts the account's own server's token short (contract §3); its line
      // then speaks of the token in hand.
      if (account.tokenSource !== 'classic') await wechat.forgetToken(account.appId);
      const result = await runCheckup(account, {
        client: () => accountClient(wechat, account),
        permanentCodes: () => permanentCodeCount(account.appId),
        now,
      });
      await checkupsItem.setValue({ ...(await checkupsItem.getValue()), [account.id]: result });
      return result;
    },

    async lastCheckup({ accountId }) {
      const account = await accountFor(accountId);
      const result = (await checkupsItem.getValue())[account.id];
      // An account edited since (a new AppID) has not been checked.
      return result && result.appId === account.appId ? result : null;
    },

    /** What remains today of each API a job spends; an API WeChat would not tell about is left out (the job still runs). */
    async quotaToday({ accountId }) {
      const account = await accountFor(accountId);
      const client = await accountClient(wechat, account);
      const remain: Partial<Record<QuotaPath, number>> = {};
      await Promise.all(
        QUOTA_PATHS.map(async (path) => {
          const quota = await client.apiQuota(path).catch(() => undefined);
          if (quota) remain[path] = quota.remain;
        }),
      );
      return { accountId: account.id, remain };
    },

    async lookupRid({ accountId, rid }) {
      const account = await accountFor(accountId);
      const request = await (await accountClient(wechat, account)).ridRequest(rid);
      return ridDetails(rid, request, await knownSecrets(account));
    },

    async resetQuota({ accountId }) {
      const account = await accountFor(accountId);
      await resetQuota(account);
      return { resetAt: now() };
    },
  };
}
