import { historyDb } from '@/utils/storage/history-db';
import { loadSnapshot } from '@/utils/storage/report-db';
import { type ReportView, buildReportView } from './view';
import type { QrCodeRecord } from '@/utils/codes/record';

/** The account's codes in local history, for joining the report's scenes (one index read). */
export async function codesOfAccount(appId: string): Promise<QrCodeRecord[]> {
  return (await historyDb()).getAllFromIndex('codes', 'byAppId', appId);
}

/** The account's last complete report joined with its codes as they are now; null before its first refresh. */
export async function loadReportView(appId: string): Promise<ReportView | null> {
  const [snapshot, codes] = await Promise.all([loadSnapshot(appId), codesOfAccount(appId)]);
  return snapshot ? buildReportView(snapshot, codes) : null;
}
