import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import type { RestorePreview } from '@/utils/sync/engine-port';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

/**
 * "Restore into this browser" on a profile that never synced the account: first what would come in
 * (read from the server, nothing written), then the operator confirms and the sync brings it in.
 */
export function RestoreOffer({ accountId }: { accountId: string }) {
  const [preview, setPreview] = useState<RestorePreview>();
  const [error, setError] = useState<AppError>();
  const [done, setDone] = useState(false);

  async function look() {
    setError(undefined);
    const reply = await sendMessage('previewSyncRestore', { accountId });
    if (reply.success) setPreview(reply.payload);
    else setError(reply.error);
  }

  async function restore() {
    setError(undefined);
    const reply = await sendMessage('syncNow', { accountId });
    if (!reply.success) return setError(reply.error);
    setPreview(undefined);
    setDone(true);
  }

  if (done) return <p class="status">{t('syncRestoreDone')}</p>;
  return (
    <div class="sync-restore" data-testid="sync-restore">
      {!preview ? (
        <>
          <p>{t('syncRestoreOffer')}</p>
          <button type="button" onClick={look}>
            {t('syncRestore')}
          </button>
        </>
      ) : (
        <>
          <p data-testid="sync-restore-preview">{t('syncRestorePreview', [String(preview.codes), String(preview.permanent), String(preview.deletions)])}</p>
          {preview.sampleLabels.length > 0 && <p class="hint">{t('syncRestoreSample', [preview.sampleLabels.join('、')])}</p>}
          <div class="actions">
            <button type="button" class="primary" onClick={restore}>
              {t('syncRestoreConfirm')}
            </button>
            <button type="button" onClick={() => setPreview(undefined)}>
              {t('syncRestoreCancel')}
            </button>
          </div>
        </>
      )}
      {error && <ErrorAlert error={error} />}
    </div>
  );
}
