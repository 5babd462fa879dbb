import { isSkipped, problemLines } from '@/utils/checkup/checkup-result';
import { t } from '@/utils/i18n/t';
import type { PublicAccount } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { CheckupLines } from './CheckupLines';
import { useCheckup } from './useCheckup';

/** The check-up (体检) of one account on the options page: its last result, and the button to run it again. */
export function CheckupPanel({ account, runNow }: { account: PublicAccount; runNow: boolean }) {
  const { result, running, error, run } = useCheckup(account.id, runNow);
  const problems = result ? problemLines(result).length : 0;
  return (
    <section class="checkup" aria-labelledby="checkup-title" aria-busy={running}>
      <h3 id="checkup-title">{t('checkup_title', [account.name])}</h3>
      {running && (
        <p class="status" role="status">
          {t('checkup_running')}
        </p>
      )}
      {error && <ErrorAlert error={error} accountId={account.id} />}
      {result && !running && (
        <>
          <p class={problems ? 'warn' : 'status'} role="status">
            {problems === 0 ? t('checkup_all_ok') : problems === 1 ? t('checkup_problems_one') : t('checkup_problems', [String(problems)])}{' '}
            <small class="hint">{t('checkup_at', [new Date(result.at).toLocaleString()])}</small>
          </p>
          <CheckupLines result={result} />
          {result.lines.some((line) => line.check === 'create' && !isSkipped(line.verdict)) && <p class="hint">{t('checkup_probe_note')}</p>}
        </>
      )}
      <button type="button" disabled={running} onClick={() => void run()}>
        {running ? t('checkup_running') : t('checkup_button')}
      </button>
    </section>
  );
}
