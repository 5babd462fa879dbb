import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { downloadBlob } from '@/utils/codes/download-file';
import { formatDateTime } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import { type MessageType, type PublicAccount, sendMessage } from '@/utils/messaging/messages';
import { loadReportView } from '@/utils/report/codes';
import { reportToCsv } from '@/utils/report/csv';
import type { RefreshProgress } from '@/utils/report/refresh';
import { type ReportView, topRows } from '@/utils/report/view';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { useJobProgress } from '@/components/jobs/useJobProgress';
import { ReportAccountPicker } from './ReportAccountPicker';
import { ReportChart } from './ReportChart';
import { type RefreshAction, ReportRefreshPanel } from './ReportRefreshPanel';
import { ReportTable } from './ReportTable';
import { TaggingPanel } from '@/components/tagging/TaggingPanel';
import { useChannelGroups } from '@/components/tagging/useChannelGroups';
import { useGroupRows } from '@/components/tagging/useGroupRows';
import { formatElapsed } from './report-format';

const COMMANDS = {
  start: 'startReportRefresh',
  resume: 'resumeReportRefresh',
  pause: 'pauseReportRefresh',
  cancel: 'cancelReportRefresh',
} as const satisfies Record<RefreshAction, MessageType>;

/** The account this page shows: chosen here, never "whichever is current" (the popup may switch that). */
interface ShownAccount {
  accountId: string;
  appId: string;
}

/**
 * The channel report page (issue #8): the last complete snapshot at once (read from IndexedDB here),
 * the refresh running in the background with its progress pushed on the job-progress channel, table,
 * chart and CSV. Everything on it is of the account it shows.
 */
export function ReportApp() {
  const [accounts, setAccounts] = useState<PublicAccount[]>([]);
  const [shown, setShown] = useState<ShownAccount>();
  /** The refresh as the background last answered a message about it. */
  const [answered, setAnswered] = useState<RefreshProgress | null>(null);
  const [error, setError] = useState<AppError>();
  const [setupError, setSetupError] = useState<AppError>();
  /** undefined while loading; null when the account has no report yet. */
  const [view, setView] = useState<ReportView | null>();
  const [busy, setBusy] = useState(false);
  /** Rows ticked for tagging, by scene key; cleared with the account. */
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // Channel groups (issue #16): managed by the tagging panel, shown as rows of the table, chart and CSV.
  const groups = useChannelGroups(shown?.accountId);
  const groupRows = useGroupRows(shown?.appId, view, groups.groups);
  const shownAppId = useRef<string | undefined>(undefined);
  // The background publishes every change of the refresh: once it has, that is the newest word.
  const live = useJobProgress('report', shown?.appId);
  const refresh = live !== undefined ? live : answered;

  async function showSnapshot(appId: string) {
    const loaded = await loadReportView(appId);
    // Another account picked meanwhile: its own snapshot is on the way.
    if (shownAppId.current === appId) setView(loaded);
  }

  async function show(accountId?: string) {
    const reply = await sendMessage('reportStatus', { accountId });
    // The account in the address was removed since: the current account's report instead.
    if (!reply.success && reply.error.code === 'account_missing' && accountId !== undefined) return show();
    if (!reply.success) return setSetupError(reply.error);
    const { appId } = reply.payload;
    shownAppId.current = appId;
    // In the address, so a reload shows the same account whatever is current by then.
    history.replaceState(null, '', `#account=${encodeURIComponent(reply.payload.accountId)}`);
    setShown({ accountId: reply.payload.accountId, appId });
    setPicked(new Set());
    setAnswered(reply.payload.refresh);
    setError(undefined);
    setView(undefined);
    void showSnapshot(appId);
  }

  useEffect(() => {
    void sendMessage('getSettings').then((reply) => reply.success && setAccounts(reply.payload.accounts));
    void show(new URLSearchParams(location.hash.slice(1)).get('account') ?? undefined);
  }, []);

  // When the refresh disappears it completed (or was cancelled): show the new snapshot.
  const hadRefresh = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!shown) return;
    if (refresh) hadRefresh.current = shown.appId;
    else if (hadRefresh.current === shown.appId) {
      hadRefresh.current = undefined;
      void showSnapshot(shown.appId);
    }
  }, [refresh === null, shown?.appId]);

  async function act(action: RefreshAction) {
    if (!shown) return;
    setBusy(true);
    setError(undefined);
    // The account the page shows: switching the current account elsewhere never redirects this.
    const reply = await sendMessage(COMMANDS[action], { accountId: shown.accountId });
    setBusy(false);
    if (reply.success) setAnswered(reply.payload);
    else setError(reply.error);
  }

  function exportCsv() {
    if (!view || !shown) return;
    const date = new Date(view.takenAt).toISOString().slice(0, 10);
    downloadBlob(new Blob([reportToCsv(view, groupRows)], { type: 'text/csv;charset=utf-8' }), `scene-qr-report-${shown.appId}-${date}.csv`);
  }

  return (
    <main class="report">
      <header class="history-header">
        <h1>{t('reportTitle')}</h1>
        {shown && <ReportAccountPicker accounts={accounts} accountId={shown.accountId} appId={shown.appId} onPick={(id) => void show(id)} />}
      </header>
      {setupError && <ErrorAlert error={setupError} />}
      {shown && <ReportRefreshPanel accountId={shown.accountId} refresh={refresh} error={error} busy={busy} onAction={(action) => void act(action)} />}
      {refresh && view && <p class="hint">{t('reportRefreshing')}</p>}
      {view === null && !refresh && !error && <p class="hint report-empty">{t('reportNone')}</p>}
      {view && (
        <div class="report-body" data-taken-at={view.takenAt} data-app-id={shown?.appId}>
          <p class="report-date" data-testid="report-date">
            {t('reportDataDate', [formatDateTime(view.takenAt), formatElapsed(view.activeMs), view.counted.toLocaleString()])}
            {view.unfollowed > 0 && ` ${t('reportUnfollowed', [view.unfollowed.toLocaleString()])}`}{' '}
            <button type="button" name="export-csv" onClick={exportCsv}>
              {t('reportExportCsv')}
            </button>
          </p>
          <ReportChart rows={topRows(view.rows)} groups={groupRows} />
          <ReportTable view={view} groups={groupRows} selected={picked} onSelect={setPicked} />
        </div>
      )}
      {shown && (
        <TaggingPanel
          key={shown.accountId}
          accountId={shown.accountId}
          appId={shown.appId}
          picked={picked}
          groups={groups}
          onReportStored={() => void showSnapshot(shown.appId)}
        />
      )}
    </main>
  );
}
