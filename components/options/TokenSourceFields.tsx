import type { TokenSourceKind } from '@/utils/accounts/account';
import { t } from '@/utils/i18n/t';

const SOURCES: readonly TokenSourceKind[] = ['stable', 'classic', 'server', 'pasted'];
const SOURCE_LABELS = { stable: 'tokenStable', classic: 'tokenClassic', server: 'tokenServer', pasted: 'tokenPasted' } as const;

/** Where the account's access tokens come from; the classic endpoint is a warned choice. */
export function TokenSourceFields({ value, onChange }: { value: TokenSourceKind; onChange: (source: TokenSourceKind) => void }) {
  return (
    <fieldset class="field">
      <legend>{t('fieldTokenSource')}</legend>
      {SOURCES.map((source) => (
        <label key={source} class="choice">
          <input type="radio" name="tokenSource" value={source} checked={value === source} onChange={() => onChange(source)} />
          {t(SOURCE_LABELS[source])}
        </label>
      ))}
      {value === 'classic' && (
        <p class="alert" role="note">
          {t('tokenClassicWarning')}
        </p>
      )}
    </fieldset>
  );
}
