import { currentAppId } from './account-token';
import type { MessageHandlers } from './message-router';
import { type ReportRefresher, createReportRefresher } from './report-refresh';
import type { WechatClient } from './wechat-client';

/** The background's report refresher: one per worker, shared by the handlers and the start-up resume. */
export function createBackgroundRefresher(client: WechatClient): ReportRefresher {
  return createReportRefresher({ client, currentAppId });
}

type ReportMessages = 'reportStatus' | 'startReportRefresh' | 'resumeReportRefresh' | 'pauseReportRefresh' | 'cancelReportRefresh';

/** The channel report's messages (issue #8); the job itself is in report-refresh.ts. */
export function reportHandlers(reports: ReportRefresher): Pick<MessageHandlers, ReportMessages> {
  return {
    async reportStatus() {
      const appId = await currentAppId();
      return { appId, refresh: await reports.progress(appId) };
    },
    startReportRefresh: async () => reports.start(await currentAppId()),
    resumeReportRefresh: async () => reports.resume(await currentAppId()),
    pauseReportRefresh: async () => reports.pause(await currentAppId()),
    cancelReportRefresh: async () => reports.cancel(await currentAppId()),
  };
}
