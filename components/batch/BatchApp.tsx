import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import type { BatchView } from '@/utils/batch/job';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { BatchRunPanel } from './BatchRunPanel';
import { BatchSetup } from './BatchSetup';
import { BatchZipPanel } from './BatchZipPanel';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { useJobProgress } from '@/components/jobs/useJobProgress';

/**
 * If a running batch has published nothing for this long, ask the background about it: the
 * message wakes a worker Chrome has stopped, and a woken worker resumes its batches.
 */
const NUDGE_AFTER_MS = 5000;

/** The batch page: set up a batch, or follow the current one and download its ZIP. */
export function BatchApp() {
  const [settings, setSettings] = useState<PublicSettings>();
  const [view, setView] = useState<BatchView | null>();
  const [error, setError] = useState<AppError>();
  const [setupNew, setSetupNew] = useState(false);

  const load = async (id?: string) => {
    const reply = await sendMessage('getBatch', { id });
    if (reply.success) setView(reply.payload);
    else setError(reply.error);
  };

  useEffect(() => {
    void sendMessage('getSettings').then((reply) => (reply.success ? setSettings(reply.payload) : setError(reply.error)));
    void load(new URLSearchParams(location.hash.slice(1)).get('id') ?? undefined);
  }, []);

  const batchId = view?.job.id;
  const progress = useJobProgress('batch', batchId) ?? undefined;
  // Live progress; the full view (failures, final counts) is read again when the status or failures change.
  const seen = useRef<{ status: string; failed: number } | undefined>(undefined);
  useEffect(() => {
    if (!progress || !batchId) return;
    const previous = seen.current;
    seen.current = { status: progress.status, failed: progress.counts.failed };
    if (previous?.status !== progress.status || previous.failed !== progress.counts.failed) void load(batchId);
  }, [progress, batchId]);

  const running = progress?.status ?? view?.job.status;
  const lastProgressAt = useRef(0);
  lastProgressAt.current = progress?.updatedAt ?? 0;
  useEffect(() => {
    if (running !== 'running' || !batchId) return;
    const timer = setInterval(() => {
      if (Date.now() - lastProgressAt.current > NUDGE_AFTER_MS) void load(batchId);
    }, NUDGE_AFTER_MS);
    return () => clearInterval(timer);
  }, [running, batchId]);

  const showRun = view && !setupNew;
  // A renewal (history's "Renew selected") is followed here like any batch, under its own title.
  const renewal = showRun && view.job.kind === 'renewal';
  // Live: codes whose requests were still out when the batch paused land after the view was read.
  const done = progress?.counts.done ?? view?.counts.done ?? 0;
  return (
    <main class="batch">
      <h1>{renewal ? t('renew_batchTitle') : t('batchTitle')}</h1>
      <p class="hint">{renewal ? t('renew_batchIntro') : t('batchIntro')}</p>
      {error && <ErrorAlert error={error} />}
      {view === undefined && <p class="hint">{t('batchLoading')}</p>}
      {showRun && (
        <>
          <BatchRunPanel view={view} progress={progress} onView={setView} onNew={() => setSetupNew(true)} />
          {/* Once it stops: a ZIP of a batch still running would silently miss its last codes. */}
          {done > 0 && running !== 'running' && <BatchZipPanel key={view.job.id} job={view.job} done={done} />}
        </>
      )}
      {view !== undefined && !showRun && settings && (
        <BatchSetup
          settings={settings}
          onStarted={(started) => {
            seen.current = undefined;
            setSetupNew(false);
            setView(started);
            history.replaceState(null, '', `#id=${started.job.id}`);
          }}
        />
      )}
    </main>
  );
}
