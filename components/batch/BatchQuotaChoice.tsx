import { t } from '@/utils/i18n/t';

/**
 * Asked before a batch that needs more qrcode/create calls than remain today (issue #15): make the part
 * that fits now (the rest waits in the paused batch), start it all anyway (it pauses at 45009), or not now.
 */
export function BatchQuotaChoice({ needed, remain, onChoose }: { needed: number; remain: number; onChoose: (makeNow: number | 'all' | 'none') => void }) {
  return (
    <div class="preflight" role="alertdialog" aria-labelledby="preflight-text">
      <p id="preflight-text">{t('preflight_batch_over', [String(remain), String(needed)])}</p>
      <div class="actions">
        {remain > 0 && (
          <button type="button" class="primary" onClick={() => onChoose(remain)}>
            {t('preflight_run_part', [String(remain)])}
          </button>
        )}
        <button type="button" onClick={() => onChoose('all')}>
          {t('preflight_start_anyway')}
        </button>
        <button type="button" onClick={() => onChoose('none')}>
          {t('preflight_cancel')}
        </button>
      </div>
    </div>
  );
}
