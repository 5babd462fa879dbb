import { t } from '@/utils/i18n/t';

/** A new passphrase typed twice, with what forgetting it costs. `names` keep two such forms on one page apart. */
export function NewPassphraseFields({
  names = { passphrase: 'passphrase', confirm: 'confirmPassphrase' },
  passphrase,
  confirm,
  onPassphrase,
  onConfirm,
}: {
  names?: { passphrase: string; confirm: string };
  passphrase: string;
  confirm: string;
  onPassphrase: (value: string) => void;
  onConfirm: (value: string) => void;
}) {
  return (
    <>
      <label class="field">
        <span>{t('fieldNewPassphrase')}</span>
        <input name={names.passphrase} type="password" autoComplete="new-password" value={passphrase} onInput={(e) => onPassphrase(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('fieldConfirmPassphrase')}</span>
        <input name={names.confirm} type="password" autoComplete="new-password" value={confirm} onInput={(e) => onConfirm(e.currentTarget.value)} />
      </label>
      <small class="hint">{t('hintPassphrase')}</small>
    </>
  );
}
