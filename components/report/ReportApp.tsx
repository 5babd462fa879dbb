import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { downloadBlob } from '@/utils/codes/download-file';
import { formatDateTime } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import { type MessageType, sendMessage } from '@/utils/messaging/messages';
import { codesOfAccount } from '@/utils/report/codes';
import { reportToCsv } from '@/utils/report/csv';
import { loadSnapshot } from '@/utils/storage/report-db';
import type { RefreshProgress } from '@/utils/report/refresh';
import { type ReportView, buildReportView, topRows } from '@/utils/report/view';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { ReportChart } from './ReportChart';
import { type RefreshAction, ReportRefreshPanel } from './ReportRefreshPanel';
import { ReportTable } from './ReportTable';
import { formatElapsed } from './report-format';

/** How often the page asks the background for progress while a refresh runs. */
const POLL_MS = 500;

const COMMANDS = {
  start: 'startReportRefresh',
  resume: 'resumeReportRefresh',
  pause: 'pauseReportRefresh',
  cancel: 'cancelReportRefresh',
} as const satisfies Record<RefreshAction, MessageType>;

/**
 * The channel report page (issue #8): the last complete snapshot at once (read from IndexedDB here),
 * the refresh running in the background with its progress polled, table, chart and CSV.
 */
export function ReportApp() {
  const [appId, setAppId] = useState<string>();
  const [refresh, setRefresh] = useState<RefreshProgress | null>(null);
  const [error, setError] = useState<AppError>();
  const [setupError, setSetupError] = useState<AppError>();
  /** undefined while loading; null when the account has no report yet. */
  const [view, setView] = useState<ReportView | null>();
  const [busy, setBusy] = useState(false);
  const wasRefreshing = useRef(false);
  const [accountId, setAccountId] = useState<string>();

  async function showSnapshot(account: string) {
    const [snapshot, codes] = await Promise.all([loadSnapshot(account), codesOfAccount(account)]);
    setView(snapshot ? buildReportView(snapshot, codes) : null);
  }

  useEffect(() => {
    void sendMessage('reportStatus', {}).then((reply) => {
      if (!reply.success) return setSetupError(reply.error);
      setAccountId(reply.payload.accountId);
      setAppId(reply.payload.appId);
      setRefresh(reply.payload.refresh);
      void showSnapshot(reply.payload.appId);
    });
  }, []);

  // While a refresh runs, poll; when it disappears it completed (or was cancelled): show the new snapshot.
  const running = refresh?.status === 'running';
  useEffect(() => {
    if (refresh) wasRefreshing.current = true;
    if (!refresh && wasRefreshing.current && appId) {
      wasRefreshing.current = false;
      void showSnapshot(appId);
    }
    if (!running) return;
    const timer = setInterval(() => {
      void sendMessage('reportStatus', { accountId }).then((reply) => reply.success && setRefresh(reply.payload.refresh));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh === null, appId]);

  async function act(action: RefreshAction) {
    setBusy(true);
    setError(undefined);
    // The account the page shows: switching the current account elsewhere never redirects this.
    const reply = await sendMessage(COMMANDS[action], { accountId });
    setBusy(false);
    if (reply.success) setRefresh(reply.payload);
    else setError(reply.error);
  }

  function exportCsv() {
    if (!view) return;
    const date = new Date(view.takenAt).toISOString().slice(0, 10);
    downloadBlob(new Blob([reportToCsv(view)], { type: 'text/csv;charset=utf-8' }), `scene-qr-report-${appId}-${date}.csv`);
  }

  return (
    <main class="report">
      <header class="history-header">
        <h1>{t('reportTitle')}</h1>
        {appId && <span class="hint">{t('reportAccount', [appId])}</span>}
      </header>
      {setupError && <ErrorAlert error={setupError} />}
      {appId && <ReportRefreshPanel refresh={refresh} error={error} busy={busy} onAction={(action) => void act(action)} />}
      {refresh && view && <p class="hint">{t('reportRefreshing')}</p>}
      {view === null && !refresh && !error && <p class="hint report-empty">{t('reportNone')}</p>}
      {view && (
        <div class="report-body" data-taken-at={view.takenAt}>
          <p class="report-date" data-testid="report-date">
            {t('reportDataDate', [formatDateTime(view.takenAt), formatElapsed(view.activeMs), view.counted.toLocaleString()])}
            {view.unfollowed > 0 && ` ${t('reportUnfollowed', [view.unfollowed.toLocaleString()])}`}
            {' '}
            <button type="button" name="export-csv" onClick={exportCsv}>{t('reportExportCsv')}</button>
          </p>
          <ReportChart rows={topRows(view.rows)} />
          <ReportTable view={view} />
        </div>
      )}
    </main>
  );
}
