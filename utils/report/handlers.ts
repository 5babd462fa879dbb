import { accountClient } from '@/utils/accounts/token-source';
import { accountFor, accountOfAppId } from '@/utils/accounts/store';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import type { MessageHandlers } from '@/utils/messaging/router';
import { type FollowerClient, type ReportRefresher, createReportRefresher } from './refresh';
import type { AccountClient, WechatClient } from '@/utils/wechat/client';

/**
 * The follower calls of the account with this AppID. Its account is read at the first call and kept
 * for every later one (a run of the refresh asks for one of these): the refresh goes on with its own
 * account's token whichever account becomes current. A read that fails (account_missing) fails the run;
 * Resume starts a new run, which reads again.
 */
function followerClientOf(wechat: Pick<WechatClient, 'for'>, appId: string): FollowerClient {
  let bound: Promise<AccountClient> | undefined;
  const client = () => (bound ??= accountOfAppId(appId).then((account) => accountClient(wechat, account)));
  return {
    followerList: async (nextOpenid) => (await client()).followerList(nextOpenid),
    followerDetails: async (openids) => (await client()).followerDetails(openids),
  };
}

/** The background's report refresher: one per worker, shared by the handlers and the start-up resume. */
export function createBackgroundRefresher(wechat: Pick<WechatClient, 'for'>): ReportRefresher {
  return createReportRefresher({
    clientFor: (appId) => followerClientOf(wechat, appId),
    publish: (appId, progress) => publishJobProgress('report', appId, progress),
  });
}

type ReportMessages = 'reportStatus' | 'startReportRefresh' | 'resumeReportRefresh' | 'pauseReportRefresh' | 'cancelReportRefresh';

/** The channel report's messages (issue #8); the job itself is in refresh.ts. */
export function reportHandlers(reports: ReportRefresher): Pick<MessageHandlers, ReportMessages> {
  return {
    async reportStatus({ accountId }) {
      const { id, appId } = await accountFor(accountId);
      return { accountId: id, appId, refresh: await reports.progress(appId) };
    },
    startReportRefresh: async ({ accountId }) => reports.start((await accountFor(accountId)).appId),
    resumeReportRefresh: async ({ accountId }) => reports.resume((await accountFor(accountId)).appId),
    pauseReportRefresh: async ({ accountId }) => reports.pause((await accountFor(accountId)).appId),
    cancelReportRefresh: async ({ accountId }) => reports.cancel((await accountFor(accountId)).appId),
  };
}
