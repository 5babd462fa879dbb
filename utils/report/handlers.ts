import { currentAppId } from '@/utils/accounts/token-source';
import { accountFor } from '@/utils/accounts/store';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import type { MessageHandlers } from '@/utils/messaging/router';
import { type ReportRefresher, createReportRefresher } from './refresh';
import type { WechatClient } from '@/utils/wechat/client';

/** The background's report refresher: one per worker, shared by the handlers and the start-up resume. */
export function createBackgroundRefresher(client: WechatClient): ReportRefresher {
  return createReportRefresher({ client, currentAppId, publish: (appId, progress) => publishJobProgress('report', appId, progress) });
}

type ReportMessages = 'reportStatus' | 'startReportRefresh' | 'resumeReportRefresh' | 'pauseReportRefresh' | 'cancelReportRefresh';

/** The channel report's messages (issue #8); the job itself is in report-refresh.ts. */
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
