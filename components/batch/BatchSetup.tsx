import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { type BatchRow } from '@/utils/batch/input';
import { DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_CONCURRENCY, type BatchView } from '@/utils/batch/job';
import { type ExistingPermanent, existingPermanentScenes, previewBatch } from '@/utils/batch/preview';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { type ActionName, DEFAULT_EXPIRE_SECONDS, isPermanent } from '@/utils/wechat/qr-request';
import { ActionNameSelect } from '@/components/shared/ActionNameSelect';
import { BatchInputSection } from './BatchInputSection';
import { BatchPreviewTable } from './BatchPreviewTable';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { ExpireField } from '@/components/shared/ExpireField';
import { NoCredentials } from '@/components/shared/NoCredentials';

/** Kind, lifetime and rows; the preview checks every row before the Start button sends anything. */
export function BatchSetup({ settings, onStarted }: { settings: PublicSettings; onStarted: (view: BatchView) => void }) {
  const [actionName, setActionName] = useState<ActionName>('QR_STR_SCENE');
  const [expireSeconds, setExpireSeconds] = useState(String(DEFAULT_EXPIRE_SECONDS));
  const [rows, setRows] = useState<BatchRow[]>([]);
  const [concurrency, setConcurrency] = useState(DEFAULT_BATCH_CONCURRENCY);
  const [existing, setExisting] = useState<ExistingPermanent>({ permanentScenes: new Set(), permanentCount: 0 });
  const [error, setError] = useState<AppError>();
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    if (settings.appId) void existingPermanentScenes(settings.appId).then(setExisting);
  }, [settings.appId]);

  const preview = useMemo(
    () => previewBatch(rows, { actionName, expireSeconds, appId: settings.appId }, existing),
    [rows, actionName, expireSeconds, settings.appId, existing],
  );

  if (!settings.configured) return <NoCredentials />;

  const { summary } = preview;
  const canStart = !starting && summary.valid > 0 && !preview.settingsError && !summary.wouldExceedPermanentCap;

  async function start(event: Event) {
    event.preventDefault();
    setStarting(true);
    setError(undefined);
    const reply = await sendMessage('startBatch', { actionName, expireSeconds, concurrency, rows });
    setStarting(false);
    if (reply.success) onStarted(reply.payload);
    else setError(reply.error);
  }

  return (
    <form class="batch-setup" onSubmit={(event) => void start(event)} noValidate>
      <div class="row">
        <label class="field">
          <span>{t('fieldActionName')}</span>
          <ActionNameSelect name="actionName" value={actionName} onChange={setActionName} />
        </label>
        <label class="field">
          <span>{t('batchConcurrency')}</span>
          <select name="concurrency" value={String(concurrency)} onChange={(e) => setConcurrency(Number(e.currentTarget.value))}>
            {Array.from({ length: MAX_BATCH_CONCURRENCY }, (_, i) => i + 1).map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!isPermanent(actionName) && (
        <ExpireField
          value={expireSeconds}
          error={preview.settingsError && { code: preview.settingsError.code, params: preview.settingsError.params }}
          onChange={setExpireSeconds}
        />
      )}
      <BatchInputSection onRows={setRows} />
      {rows.length > 0 && <BatchPreviewTable preview={preview} permanent={isPermanent(actionName)} />}
      <p class="hint">{t('batchQuotaNote')}</p>
      {error && <ErrorAlert error={error} />}
      <button type="submit" class="primary" disabled={!canStart}>
        {t('batchStart', [String(summary.valid)])}
      </button>
    </form>
  );
}
