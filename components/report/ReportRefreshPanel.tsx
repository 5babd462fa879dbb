import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import type { RefreshProgress } from '@/utils/report/refresh';
import { ReportQuotaWarning } from './ReportQuotaWarning';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { ReportNoPermission } from './ReportNoPermission';
import { formatElapsed } from './report-format';

export type RefreshAction = 'start' | 'resume' | 'pause' | 'cancel';

export interface ReportRefreshPanelProps {
  /** The report's account: its quota is checked, its rid looked up. */
  accountId: string;
  refresh: RefreshProgress | null;
  /** The last command's failure (e.g. 48001 on "Refresh"). */
  error?: AppError;
  busy: boolean;
  onAction: (action: RefreshAction) => void;
}

/** 48001: the account lacks 用户管理 permission; an explanation instead of an empty chart. */
function isNoPermission(error: AppError | undefined): boolean {
  return error?.errcode === 48001;
}

/** Refresh, the call count to confirm, the progress bar with time left, pause / resume / cancel. */
export function ReportRefreshPanel({ accountId, refresh, error, busy, onAction }: ReportRefreshPanelProps) {
  const shownError = error ?? refresh?.error;
  const button = (action: RefreshAction, label: string, primary = false) => (
    <button type="button" name={action} class={primary ? 'primary' : undefined} disabled={busy} onClick={() => onAction(action)}>
      {label}
    </button>
  );
  return (
    <section class="report-refresh" data-status={refresh?.status ?? 'none'}>
      {isNoPermission(shownError) ? <ReportNoPermission /> : shownError && <ErrorAlert error={shownError} accountId={accountId} />}
      {!refresh && (
        <div class="actions">
          {button('start', t('reportRefresh'), true)}
          <p class="hint">{t('reportRefreshHint')}</p>
        </div>
      )}
      {refresh?.status === 'confirm' && (
        <div class="notice" data-testid="report-confirm">
          <p>
            {t('reportConfirm', [
              refresh.total.toLocaleString(),
              (refresh.callsLeft.list + refresh.callsLeft.details).toLocaleString(),
              refresh.callsLeft.list.toLocaleString(),
              refresh.callsLeft.details.toLocaleString(),
            ])}
          </p>
          <ReportQuotaWarning accountId={accountId} callsLeft={refresh.callsLeft} />
          <div class="actions">
            {button('resume', t('reportStart'), true)}
            {button('cancel', t('reportCancel'))}
          </div>
        </div>
      )}
      {refresh && refresh.status !== 'confirm' && (
        <div class="report-progress">
          <progress
            max={Math.max(refresh.total, 1)}
            value={refresh.detailed}
            aria-label={t('reportProgress', [String(refresh.detailed), String(refresh.total)])}
          />
          <p class="hint" data-testid="report-progress">
            {t('reportProgress', [refresh.detailed.toLocaleString(), refresh.total.toLocaleString()])}
            {refresh.status === 'running' && refresh.msLeft !== undefined && ` · ${t('reportTimeLeft', [formatElapsed(refresh.msLeft)])}`}
          </p>
          {refresh.status === 'paused' && <p class="status">{t('reportPaused')}</p>}
          {refresh.status === 'quota' && (
            <p class="notice" role="status">
              {t('reportQuota', [refresh.detailed.toLocaleString()])}
            </p>
          )}
          {refresh.status === 'failed' && !isNoPermission(shownError) && <p class="hint">{t('reportFailed')}</p>}
          <div class="actions">
            {refresh.status === 'running' ? button('pause', t('reportPause')) : button('resume', t('reportResume'), true)}
            {button('cancel', t('reportCancel'))}
          </div>
        </div>
      )}
    </section>
  );
}
