import { formatTimeLeft } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import type { TaggingView } from '@/utils/tagging/run-record';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

export type RunAction = 'confirmTagging' | 'pauseTagging' | 'resumeTagging' | 'cancelTagging' | 'undoTagging';

const n = (value: number | null) => (value === null ? '—' : value.toLocaleString());

/** A run as the operator follows it: reading followers, the exact preview before Start, tagging, the end and its undo. */
export function TaggingRunView({ run, busy, onAction }: { run: TaggingView; busy: boolean; onAction: (action: RunAction) => void }) {
  const button = (action: RunAction, label: string, primary = false) => (
    <button type="button" name={action} class={primary ? 'primary' : undefined} disabled={busy} onClick={() => onAction(action)}>
      {label}
    </button>
  );
  const { preview, summary } = run;
  const going = run.phase === 'scanning' || run.phase === 'tagging';
  const undo = run.op === 'untag';
  return (
    <section class="tagging-run" data-phase={run.phase} data-paused={String(run.paused)} aria-live="polite">
      <h3>{undo ? t('tagging_undo_title', [run.tagName]) : t('tagging_run_title', [run.tagName])}</h3>
      {run.error && <ErrorAlert error={run.error} accountId={run.accountId} />}
      {run.phase === 'scanning' && (
        <>
          <progress max={Math.max(run.read.total, 1)} value={run.read.done} />
          <p data-testid="tagging-progress">{t('tagging_reading', [n(run.read.done), n(run.read.total), n(preview.matching)])}</p>
        </>
      )}
      {(run.phase === 'confirm' || run.phase === 'scanning') && (
        <dl class="facts tagging-preview" data-testid="tagging-preview">
          <dt>{t('tagging_preview_matching')}</dt>
          <dd data-count="matching">{n(preview.matching)}</dd>
          <dt>{t('tagging_preview_already')}</dt>
          <dd data-count="already">{n(preview.alreadyTagged)}</dd>
          <dt>{t('tagging_preview_cap')}</dt>
          <dd data-count="cap">{n(preview.atCap)}</dd>
          <dt>{t('tagging_preview_to_tag')}</dt>
          <dd data-count="toTag">{n(preview.toTag)}</dd>
          <dt>{t('tagging_preview_calls')}</dt>
          <dd data-count="calls">
            {t('tagging_preview_calls_value', [
              n(run.read.calls + preview.calls.total),
              n(run.read.calls + preview.calls.list + preview.calls.batchget),
              n(preview.calls.tagging),
            ])}
          </dd>
        </dl>
      )}
      {run.phase === 'confirm' && run.reportStored && (
        <p class="hint" data-testid="tagging-report-stored">
          {t('tagging_report_stored')}
        </p>
      )}
      {run.phase === 'confirm' && preview.toTag === 0 && <p class="hint">{t('tagging_nothing_to_tag')}</p>}
      {(run.phase === 'tagging' || run.phase === 'done' || run.phase === 'cancelled') && summary && (
        <>
          <progress max={Math.max(summary.planned, 1)} value={summary.changed + summary.skipped.gone + summary.skipped.capped + summary.skipped.foreign} />
          <p data-testid="tagging-progress">
            {t(undo ? 'tagging_untagged' : 'tagging_tagged', [n(summary.changed), n(summary.planned)])}
            {summary.skipped.gone + summary.skipped.capped + summary.skipped.foreign > 0 &&
              ` ${t('tagging_skipped', [n(summary.skipped.gone), n(summary.skipped.capped), n(summary.skipped.foreign)])}`}
          </p>
        </>
      )}
      {going && !run.paused && run.msLeft !== null && <p class="hint">{t('tagging_time_left', [formatTimeLeft(Math.round(run.msLeft / 1000))])}</p>}
      {run.phase === 'done' && !undo && <p class="status">{t('tagging_done_hint', [run.tagName])}</p>}
      {run.phase === 'done' && undo && <p class="status">{t('tagging_undo_done')}</p>}
      <div class="actions">
        {run.phase === 'confirm' && preview.toTag > 0 && button('confirmTagging', t('tagging_start', [n(preview.toTag)]), true)}
        {going && !run.paused && button('pauseTagging', t('batchPause'))}
        {going && run.paused && button('resumeTagging', t('batchResume'), true)}
        {(going || run.phase === 'confirm') && button('cancelTagging', t('tagging_cancel'))}
        {!undo &&
          (run.phase === 'done' || run.phase === 'cancelled') &&
          run.summary &&
          run.summary.changed > 0 &&
          !run.undoneBy &&
          button('undoTagging', t('tagging_undo', [n(run.summary.changed)]))}
      </div>
    </section>
  );
}
