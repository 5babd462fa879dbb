import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { describeError } from '@/utils/messaging/error-text';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';

/**
 * At a 45009: the quota reset (clear_quota/v2), one of the account's 10 a month. Sent only after the
 * operator read the warning and confirmed; the job itself is resumed by its own Resume button.
 */
export function QuotaResetButton({ accountId }: { accountId?: string }) {
  const [state, setState] = useState<{ kind: 'busy' } | { kind: 'done' } | { kind: 'failed'; error: AppError }>();

  async function reset() {
    if (!confirm(t('quota_reset_confirm'))) return;
    setState({ kind: 'busy' });
    const reply = await sendMessage('resetQuota', { accountId });
    setState(reply.success ? { kind: 'done' } : { kind: 'failed', error: reply.error });
  }

  if (state?.kind === 'done')
    return (
      <p class="status" role="status">
        {t('quota_reset_done')}
      </p>
    );
  return (
    <p class="quota-reset">
      <button type="button" name="quota-reset" disabled={state?.kind === 'busy'} onClick={() => void reset()}>
        {state?.kind === 'busy' ? t('quota_reset_busy') : t('quota_reset_button')}
      </button>
      {state?.kind === 'failed' && <span class="field-error"> {describeError(state.error).message}</span>}
    </p>
  );
}
