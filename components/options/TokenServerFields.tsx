import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { FieldError } from '@/components/shared/FieldError';

/**
 * The account's central token server (中控服务器): its URL and an optional header. The header
 * value is write-only: a stored one shows only as a placeholder, and an empty field keeps it.
 */
export function TokenServerFields({
  url,
  headerName,
  headerValue,
  headerStored,
  fieldError,
  onChange,
}: {
  url: string;
  headerName: string;
  headerValue: string;
  headerStored: boolean;
  fieldError: (field: string) => AppError | undefined;
  onChange: (patch: { serverUrl?: string; headerName?: string; headerValue?: string }) => void;
}) {
  return (
    <>
      <label class="field">
        <span>{t('fieldTokenServerUrl')}</span>
        <input
          name="tokenServerUrl"
          type="url"
          autoComplete="off"
          spellcheck={false}
          value={url}
          placeholder="https://"
          onInput={(e) => onChange({ serverUrl: e.currentTarget.value })}
        />
        <small class="hint">{t('hintTokenServer')}</small>
        <FieldError id="tokenServerUrl-error" error={fieldError('tokenServerUrl')} />
      </label>
      <div class="row-2">
        <label class="field">
          <span>{t('fieldTokenServerHeaderName')}</span>
          <input
            name="tokenServerHeaderName"
            autoComplete="off"
            spellcheck={false}
            value={headerName}
            placeholder="Authorization"
            onInput={(e) => onChange({ headerName: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{t('fieldTokenServerHeaderValue')}</span>
          <input
            name="tokenServerHeaderValue"
            type="password"
            autoComplete="off"
            value={headerValue}
            placeholder={headerStored ? t('headerValueStored') : ''}
            onInput={(e) => onChange({ headerValue: e.currentTarget.value })}
          />
        </label>
      </div>
      <FieldError id="tokenServerHeader-error" error={fieldError('tokenServerHeader')} />
    </>
  );
}
