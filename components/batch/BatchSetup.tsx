import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { type BatchRow } from '@/utils/batch/input';
import { DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_CONCURRENCY, type BatchView } from '@/utils/batch/job';
import { type ExistingPermanent, existingPermanentScenes, previewBatch } from '@/utils/batch/preview';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { type ActionName, DEFAULT_EXPIRE_SECONDS, isPermanent } from '@/utils/wechat/qr-request';
import { ActionNameSelect } from '@/components/shared/ActionNameSelect';
import { batchCallsNeeded, shortfalls } from '@/utils/checkup/calls-needed';
import { BatchInputSection } from './BatchInputSection';
import { BatchQuotaChoice } from './BatchQuotaChoice';
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
  /** Today's qrcode/create calls fall short of the rows: the operator chooses before anything starts. */
  const [shortfall, setShortfall] = useState<{ needed: number; remain: number }>();

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

  async function launch(makeNow?: number) {
    setStarting(true);
    setError(undefined);
    const reply = await sendMessage('startBatch', { actionName, expireSeconds, concurrency, rows, ...(makeNow !== undefined && { makeNow }) });
    setStarting(false);
    if (reply.success) onStarted(reply.payload);
    else setError(reply.error);
  }

  /** Start asks today's quota first; when WeChat will not tell (or the ask fails) the batch starts as before and pauses at 45009. */
  async function start(event: Event) {
    event.preventDefault();
    setStarting(true);
    setShortfall(undefined);
    const quota = await sendMessage('quotaToday', { accountId: settings.currentAccountId ?? undefined });
    setStarting(false);
    const short = quota.success ? shortfalls(batchCallsNeeded(summary.valid), quota.payload.remain)[0] : undefined;
    if (short) setShortfall({ needed: short.needed, remain: short.remain });
    else await launch();
  }

  function choose(choice: number | 'all' | 'none') {
    setShortfall(undefined);
    if (choice !== 'none') void launch(choice === 'all' ? undefined : choice);
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
      {shortfall && <BatchQuotaChoice needed={shortfall.needed} remain={shortfall.remain} onChoose={choose} />}
      <button type="submit" class="primary" disabled={!canStart || shortfall !== undefined}>
        {t('batchStart', [String(summary.valid)])}
      </button>
    </form>
  );
}
