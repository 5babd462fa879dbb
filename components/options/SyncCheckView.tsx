import { t } from '@/utils/i18n/t';
import { CHECK_STEPS, type CheckResult, type CheckStep } from '@/utils/sync/webdav/webdav-check';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

const STEP_LABEL: Record<CheckStep, () => string> = {
  propfind: () => t('syncStepPropfind'),
  mkcol: () => t('syncStepMkcol'),
  put: () => t('syncStepPut'),
  get: () => t('syncStepGet'),
  delete: () => t('syncStepDelete'),
};

/** The Test's result: each right sync needs, passed or not, and why the first refused one was. */
export function SyncCheckView({ result }: { result: CheckResult }) {
  return (
    <div class="sync-check" data-testid="sync-check">
      <ul class="sync-check-steps">
        {CHECK_STEPS.map((step) => {
          const mark = result.passed.includes(step) ? '✓' : result.failed?.step === step ? '✗' : '–';
          return (
            <li key={step} data-step={step} data-result={mark === '✓' ? 'passed' : mark === '✗' ? 'failed' : 'skipped'}>
              {mark} {STEP_LABEL[step]()}
            </li>
          );
        })}
      </ul>
      {result.failed ? (
        <>
          <p>{t('syncTestFailed', [STEP_LABEL[result.failed.step]()])}</p>
          <ErrorAlert error={result.failed.error} />
        </>
      ) : (
        <p class="status" role="status">
          {t('syncTestPassed', [result.folder])}
        </p>
      )}
    </div>
  );
}
