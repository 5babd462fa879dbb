import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { problemLines } from '@/utils/checkup/checkup-result';
import { formatDateTime } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import { describeError } from '@/utils/messaging/error-text';
import { useCheckup } from './useCheckup';

/**
 * The popup's notice when the current account's last check-up found a problem: the first one, when it was
 * found, a button to check again (a problem fixed in 公众平台 since is then cleared here, without a trip to
 * the options page), and where to see all.
 */
export function CheckupNotice({ accountId }: { accountId: string }) {
  const { result, running, error, run } = useCheckup(accountId, false);
  const [checkedAgain, setCheckedAgain] = useState(false);
  const problem = result ? problemLines(result)[0] : undefined;

  if (!result) return null;
  if (!problem || !('problem' in problem.verdict)) {
    return checkedAgain ? (
      <p class="notice notice-solved checkup-notice-cleared" role="status">
        {t('popup_checkup_passed', [formatDateTime(result.at)])}
      </p>
    ) : null;
  }
  const { problem: what, params, error: lineError } = problem.verdict;
  const text = what === 'other' && lineError ? describeError(lineError).message : t(`checkup_problem_${what}`, params);
  return (
    <p class="notice checkup-notice" role="status" aria-busy={running}>
      {t(checkedAgain ? 'popup_checkup_still' : 'popup_checkup_failed', [text, formatDateTime(result.at)])}{' '}
      <button type="button" class="link checkup-again" disabled={running} onClick={() => void run().then((ran) => ran && setCheckedAgain(true))}>
        {running ? t('checkup_running') : t('popup_checkup_again')}
      </button>
      {' · '}
      <button type="button" class="link" onClick={() => browser.runtime.openOptionsPage()}>
        {t('popup_checkup_open')}
      </button>
      {error && <span class="checkup-again-error"> {describeError(error).message}</span>}
    </p>
  );
}
