import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n/t';

export function NoCredentials() {
  return (
    <section class="notice" aria-labelledby="no-credentials-title">
      <h2 id="no-credentials-title">{t('noCredentialsTitle')}</h2>
      <p>{t('noCredentialsBody')}</p>
      <button type="button" class="primary" onClick={() => browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </section>
  );
}
