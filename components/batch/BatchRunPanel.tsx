import type { BatchProgress, BatchView } from '@/utils/batch/job';
import { formatTimeLeft } from '@/utils/i18n/duration';
import { describeError } from '@/utils/messaging/error-text';
import { type MessageKey, t } from '@/utils/i18n/t';
import { type MessageType, sendMessage } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

type BatchCommand = Extract<MessageType, 'pauseBatch' | 'resumeBatch' | 'cancelBatch' | 'retryFailedBatch'>;

/** Progress, the controls, and the failed rows with their reasons. Live counts come from `progress` when there is one. */
export function BatchRunPanel({
  view,
  progress,
  onView,
  onNew,
}: {
  view: BatchView;
  progress?: BatchProgress;
  onView: (view: BatchView) => void;
  onNew: () => void;
}) {
  const { job } = view;
  const status = progress?.status ?? job.status;
  const counts = progress?.counts ?? view.counts;
  const stoppedBy = progress ? progress.stoppedBy : job.stoppedBy;
  const finished = counts.done + counts.failed + counts.cancelled;
  const secondsLeft = progress && progress.rate > 0 ? counts.pending / progress.rate : undefined;

  async function command(type: BatchCommand) {
    if (type === 'cancelBatch' && !confirm(t('batchCancelConfirm'))) return;
    const reply = await sendMessage(type, { id: job.id });
    if (reply.success) onView(reply.payload);
  }

  return (
    <section class="batch-run" aria-labelledby="batch-run-title">
      <h2 id="batch-run-title" data-status={status}>
        {t(`batchStatus_${status}` as MessageKey)}
      </h2>
      <progress max={job.total} value={finished} />
      <p data-testid="batch-counts">
        {t('batchProgressText', [counts.done, job.total, counts.failed, counts.pending].map(String))}
        {status === 'running' && secondsLeft !== undefined && ` · ${t('batchTimeLeft', [formatTimeLeft(secondsLeft)])}`}
      </p>
      {counts.cancelled > 0 && <p class="hint">{t('batchCancelledCount', [String(counts.cancelled)])}</p>}
      {stoppedBy && status === 'paused' && (
        <>
          <ErrorAlert error={stoppedBy} accountId={job.accountId} />
          <p class="hint paused-by" data-testid="batch-paused-by">
            {t('batchPausedBy', [String(counts.pending)])}
          </p>
        </>
      )}
      <div class="actions">
        {status === 'running' && (
          <button type="button" onClick={() => void command('pauseBatch')}>
            {t('batchPause')}
          </button>
        )}
        {status === 'paused' && (
          <button type="button" class="primary" onClick={() => void command('resumeBatch')}>
            {t('batchResume')}
          </button>
        )}
        {(status === 'running' || status === 'paused') && (
          <button type="button" onClick={() => void command('cancelBatch')}>
            {t('batchCancel')}
          </button>
        )}
        {status !== 'running' && counts.failed > 0 && (
          <button type="button" onClick={() => void command('retryFailedBatch')}>
            {t('batchRetryFailed', [String(counts.failed)])}
          </button>
        )}
        {(status === 'done' || status === 'cancelled') && (
          <button type="button" onClick={onNew}>
            {t('batchNew')}
          </button>
        )}
      </div>
      {view.failures.length > 0 && (
        <>
          <h3>{t('batchFailuresTitle')}</h3>
          <table class="failures">
            <thead>
              <tr>
                <th>{t('batchColRow')}</th>
                <th>{t('batchColScene')}</th>
                <th>{t('batchColLabel')}</th>
                <th>{t('batchColStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {view.failures.map((item) => (
                <tr key={item.index}>
                  <td>{item.row}</td>
                  <td>{item.scene}</td>
                  <td>{item.label}</td>
                  <td class="bad">{item.error ? describeError(item.error).message : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
