import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { formatDateTime } from '@/utils/i18n/duration';
import { sendMessage } from '@/utils/messaging/messages';
import type { SyncStatus } from '@/utils/sync/sync-status';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { RestoreOffer } from './RestoreOffer';
import { useSyncStatus } from './useSyncStatus';

/**
 * Sync's status for one account, on the popup and the history page: last synced, changes waiting,
 * what it is doing (waiting as the server asked included), the error with its next step (the
 * error's words say it; Sync now is the button), and on a browser that never synced this account,
 * "Restore into this browser".
 */
export function SyncStatusBar({ accountId, appId }: { accountId?: string; appId?: string }) {
  const { configured, status } = useSyncStatus(accountId, appId);
  const [error, setError] = useState<AppError>();
  if (configured === false) {
    return (
      <div class="sync-status" data-testid="sync-status" data-state="off">
        <button type="button" class="link" onClick={() => browser.runtime.openOptionsPage()}>
          {t('syncSetUp')}
        </button>
      </div>
    );
  }
  if (!configured || !status || !accountId) return null;

  async function syncNow() {
    setError(undefined);
    const reply = await sendMessage('syncNow', { accountId });
    if (!reply.success) setError(reply.error);
  }

  const busy = status.state === 'syncing' || status.state === 'waiting';
  return (
    <div class="sync-status" data-testid="sync-status" data-state={status.state}>
      <p>
        <span data-testid="sync-last">{status.lastSyncedAt ? t('syncStatusLast', [formatDateTime(status.lastSyncedAt)]) : t('syncStatusNever')}</span>
        {' · '}
        <span data-testid="sync-waiting" data-count={status.waiting}>
          {status.waiting > 0 ? t('syncStatusWaiting', [String(status.waiting)]) : t('syncStatusUpToDate')}
        </span>
      </p>
      <StateLine status={status} />
      {status.neverSynced && !busy && <RestoreOffer accountId={accountId} />}
      <div class="actions">
        <button type="button" disabled={busy} onClick={syncNow}>
          {t('syncNow')}
        </button>
      </div>
      {error && <ErrorAlert error={error} />}
    </div>
  );
}

function StateLine({ status }: { status: SyncStatus }) {
  if (status.state === 'syncing') return <p role="status">{t('syncStatusSyncing')}</p>;
  if (status.state === 'waiting' && status.serverWait) {
    return <p role="status">{t('syncStatusServerWait', [String(status.serverWait.seconds), String(status.serverWait.status)])}</p>;
  }
  if ((status.state === 'paused' || status.state === 'error') && status.error) {
    return (
      <>
        <p class="warn">{t(status.state === 'paused' ? 'syncStatusPaused' : 'syncStatusError')}</p>
        <ErrorAlert error={status.error} />
      </>
    );
  }
  return null;
}
