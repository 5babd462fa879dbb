import { fail } from './app-error';
import type { MessageHandlers } from './message-router';
import { type ReportRefresher, createReportRefresher } from './report-refresh';
import { credentialsItem } from './settings-storage';
import type { WechatClient } from './wechat-client';

/** The report is of the account the extension is set up for now. */
export async function currentAppId(): Promise<string> {
  const appId = (await credentialsItem.getValue())?.appId;
  if (!appId) fail({ code: 'credentials_missing' });
  return appId;
}

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
