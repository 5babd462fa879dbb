import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { FieldError } from '@/components/shared/FieldError';

/**
 * The AppSecret, write-only: a password field while a new one is typed, otherwise only "one is
 * stored" and a button to replace it. Below it, how it will be kept on disk.
 */
export function AppSecretField({
  value,
  replacing,
  sealed,
  error,
  onInput,
  onReplace,
}: {
  value: string;
  replacing: boolean;
  /** The passphrase lock is on, so a saved AppSecret is sealed: the warning about plain storage would be untrue. */
  sealed: boolean;
  error?: AppError;
  onInput: (secret: string) => void;
  onReplace: () => void;
}) {
  return (
    <>
      {replacing ? (
        <label class="field">
          <span>{t('fieldAppSecret')}</span>
          <input
            name="appSecret"
            type="password"
            autoComplete="off"
            value={value}
            aria-describedby="appSecret-hint appSecret-error"
            onInput={(e) => onInput(e.currentTarget.value)}
          />
          <small id="appSecret-hint" class="hint">
            {t('hintAppSecret')}
          </small>
          <FieldError id="appSecret-error" error={error} />
        </label>
      ) : (
        <div class="field">
          <span>{t('fieldAppSecret')}</span>
          <p class="secret-stored" data-testid="secret-stored">
            {t('secretStored')}
          </p>
          <button type="button" onClick={onReplace}>
            {t('replaceSecret')}
          </button>
        </div>
      )}
      {sealed ? (
        <p class="hint" data-testid="secret-sealed">
          {t('storageSealed')}
        </p>
      ) : (
        <p class="hint warn">{t('storageWarning')}</p>
      )}
    </>
  );
}
