import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';

/**
 * "Renew selected" (issue #15): the background makes the new codes as one batch, and the batch page
 * follows it in a tab of its own. That page already has what a renewal needs (live progress, pause and
 * resume, the failed rows with their reasons, retry, and the print ZIP once it stops), and history
 * stays as it was, filters and all, to check the renewals as they come in.
 */
export function RenewSelectedButton({ selectedIds, onError }: { selectedIds: readonly string[]; onError: (error: AppError | undefined) => void }) {
  const [starting, setStarting] = useState(false);

  async function renew() {
    if (!confirm(t('renew_selectedConfirm', [String(selectedIds.length)]))) return;
    setStarting(true);
    onError(undefined);
    const reply = await sendMessage('startRenewal', { ids: [...selectedIds] });
    setStarting(false);
    if (!reply.success) return onError(reply.error);
    await browser.tabs.create({ url: browser.runtime.getURL(`/batch.html#id=${reply.payload.job.id}`) });
  }

  return (
    <button type="button" disabled={starting} onClick={() => void renew()}>
      {t('renew_selected', [String(selectedIds.length)])}
    </button>
  );
}
