import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { type CheckLine, problemLines } from '@/utils/checkup/checkup-result';
import { formatDateTime } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import { describeError } from '@/utils/messaging/error-text';
import { sendMessage } from '@/utils/messaging/messages';

/**
 * The popup's notice when the current account's last check-up found a problem: the first one, when it was
 * found (a problem fixed in 公众平台 since stays until the next check-up), and where to see all.
 */
export function CheckupNotice({ accountId }: { accountId: string }) {
  const [problem, setProblem] = useState<CheckLine>();
  const [at, setAt] = useState(0);
  useEffect(() => {
    void sendMessage('lastCheckup', { accountId }).then((reply) => {
      if (!reply.success || !reply.payload) return;
      setAt(reply.payload.at);
      setProblem(problemLines(reply.payload)[0]);
    });
  }, [accountId]);
  if (!problem || !('problem' in problem.verdict)) return null;
  const { problem: what, params, error } = problem.verdict;
  const text = what === 'other' && error ? describeError(error).message : t(`checkup_problem_${what}`, params);
  return (
    <p class="notice checkup-notice" role="status">
      {t('popup_checkup_failed', [text, formatDateTime(at)])}{' '}
      <button type="button" class="link" onClick={() => browser.runtime.openOptionsPage()}>
        {t('popup_checkup_open')}
      </button>
    </p>
  );
}
