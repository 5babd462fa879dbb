import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n/t';

/** Shown instead of a request that would only fail with secret_locked. */
export function LockedNotice() {
  return (
    <section class="notice" aria-labelledby="locked-title">
      <h2 id="locked-title">{t('popupLockedTitle')}</h2>
      <p>{t('popupLockedBody')}</p>
      <button type="button" class="primary" onClick={() => browser.runtime.openOptionsPage()}>
        {t('unlock')}
      </button>
    </section>
  );
}
