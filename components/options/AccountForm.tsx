import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n/t';
import type { PublicAccount, PublicSettings } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { FieldError } from '@/components/shared/FieldError';
import { type AccountFormValues, initialValues, usesSecret } from './account-form-values';
import { AppSecretField } from './AppSecretField';
import { PastedTokenField } from './PastedTokenField';
import { TokenServerFields } from './TokenServerFields';
import { TokenSourceFields } from './TokenSourceFields';
import { useAccountSave } from './useAccountSave';

/**
 * One account: name, AppID, token source and what that source needs. The AppSecret and the token
 * server's header value are write-only: once saved the form only knows that one is stored.
 */
export function AccountForm({
  account,
  isCurrent,
  justSaved = false,
  sealed,
  onSaved,
  onCheckup,
}: {
  account?: PublicAccount;
  isCurrent: boolean;
  /** The form of an account just added (it replaces the "add" form): starts by saying so. */
  justSaved?: boolean;
  /** The passphrase lock is on: a secret saved now is stored sealed. */
  sealed: boolean;
  onSaved: (settings: PublicSettings) => void;
  /** Runs the account's check-up: offered right after a save. */
  onCheckup?: () => void;
}) {
  const [values, setValues] = useState<AccountFormValues>(() => initialValues(account));
  const update = (patch: Partial<AccountFormValues>) => setValues((before) => ({ ...before, ...patch }));
  const { busy, outcome, save, testConnection, fieldError } = useAccountSave({
    accountId: account?.id,
    justSaved,
    onSaved: (settings) => {
      update({ appSecret: '', headerValue: '', replacing: false });
      onSaved(settings);
    },
  });
  const { tokenSource } = values;

  function submit(event: Event) {
    event.preventDefault();
    void save(values);
  }

  return (
    <form class="credentials" onSubmit={submit} noValidate>
      <h2>{account ? t('editAccount', [account.name]) : t('addAccount')}</h2>
      <label class="field">
        <span>{t('fieldAccountName')}</span>
        <input
          name="accountName"
          autoComplete="off"
          value={values.name}
          placeholder={values.appId || t('fieldAccountNameHint')}
          onInput={(e) => update({ name: e.currentTarget.value })}
        />
      </label>
      <label class="field">
        <span>{t('fieldAppId')}</span>
        <input
          name="appId"
          autoComplete="off"
          spellcheck={false}
          value={values.appId}
          aria-describedby="appId-hint appId-error"
          onInput={(e) => update({ appId: e.currentTarget.value })}
        />
        <small id="appId-hint" class="hint">
          {t('hintAppId')}
        </small>
        <FieldError id="appId-error" error={fieldError('appId')} />
      </label>
      <TokenSourceFields value={tokenSource} onChange={(source) => update({ tokenSource: source })} />
      {usesSecret(tokenSource) && (
        <AppSecretField
          value={values.appSecret}
          replacing={values.replacing}
          sealed={sealed}
          error={fieldError('appSecret')}
          onInput={(appSecret) => update({ appSecret })}
          onReplace={() => update({ replacing: true })}
        />
      )}
      {tokenSource === 'server' && (
        <TokenServerFields
          url={values.serverUrl}
          headerName={values.headerName}
          headerValue={values.headerValue}
          headerStored={Boolean(account?.hasTokenServerHeader)}
          fieldError={fieldError}
          onChange={update}
        />
      )}
      {tokenSource === 'pasted' && <p class="hint">{t('hintTokenPasted')}</p>}
      <details class="field" open={Boolean(values.apiBase)}>
        <summary>{t('fieldApiBase')}</summary>
        <input
          name="apiBase"
          type="url"
          autoComplete="off"
          spellcheck={false}
          value={values.apiBase}
          placeholder="https://"
          aria-label={t('fieldApiBase')}
          onInput={(e) => update({ apiBase: e.currentTarget.value })}
        />
        <small class="hint">{t('hintApiBase')}</small>
        <FieldError id="apiBase-error" error={fieldError('apiBase')} />
      </details>

      <div class="actions">
        <button type="submit" class="primary" disabled={busy !== undefined}>
          {busy === 'save' ? t('saving') : t('save')}
        </button>
        {isCurrent && (
          <button type="button" disabled={busy !== undefined} onClick={testConnection}>
            {busy === 'test' ? t('testing') : t('testConnection')}
          </button>
        )}
      </div>
      {outcome?.kind === 'saved' && (
        <p class="status" role="status">
          {onCheckup ? t('checkup_offer') : t('saved')}{' '}
          {onCheckup && (
            <button type="button" class="primary" onClick={onCheckup}>
              {t('checkup_button')}
            </button>
          )}
        </p>
      )}
      {outcome?.kind === 'connected' && (
        <p class="status" role="status">
          {t('testOk', [outcome.appId])}
        </p>
      )}
      {outcome?.kind === 'error' && !outcome.error.field && <ErrorAlert error={outcome.error} accountId={account?.id} />}
      {account && account.tokenSource === 'pasted' && tokenSource === 'pasted' && <PastedTokenField account={account} onSaved={onSaved} />}
    </form>
  );
}
