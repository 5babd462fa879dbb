import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/app-error';
import { t } from '@/utils/i18n';
import { type PublicSettings, sendMessage } from '@/utils/messages';
import type { TokenSourceKind } from '@/utils/settings-storage';
import { ErrorAlert } from './ErrorAlert';
import { FieldError } from './FieldError';

type Outcome = { kind: 'saved' } | { kind: 'connected'; appId: string } | { kind: 'error'; error: AppError } | undefined;

/**
 * AppID, write-only AppSecret and token source. Once saved, the secret is never shown or sent back:
 * the form only knows that one is stored, and "replace" opens an empty field.
 */
export function CredentialsForm({ initial }: { initial: PublicSettings }) {
  const [saved, setSaved] = useState(initial);
  const [appId, setAppId] = useState(initial.appId);
  const [appSecret, setAppSecret] = useState('');
  const [replacing, setReplacing] = useState(!initial.hasSecret);
  const [tokenSource, setTokenSource] = useState<TokenSourceKind>(initial.tokenSource);
  const [busy, setBusy] = useState<'save' | 'test'>();
  const [outcome, setOutcome] = useState<Outcome>();

  async function save(event: Event) {
    event.preventDefault();
    setBusy('save');
    setOutcome(undefined);
    const reply = await sendMessage('saveCredentials', { appId, appSecret: replacing ? appSecret : undefined, tokenSource });
    setBusy(undefined);
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    setSaved(reply.payload);
    setAppSecret('');
    setReplacing(false);
    setOutcome({ kind: 'saved' });
  }

  async function testConnection() {
    setBusy('test');
    setOutcome(undefined);
    const reply = await sendMessage('testConnection');
    setBusy(undefined);
    setOutcome(reply.success ? { kind: 'connected', appId: reply.payload.appId } : { kind: 'error', error: reply.error });
  }

  const fieldError = (field: string) => (outcome?.kind === 'error' && outcome.error.field === field ? outcome.error : undefined);
  return (
    <form class="credentials" onSubmit={save} noValidate>
      <h2>{t('optionsAccount')}</h2>
      <label class="field">
        <span>{t('fieldAppId')}</span>
        <input name="appId" autoComplete="off" spellcheck={false} value={appId} aria-describedby="appId-hint appId-error" onInput={(e) => setAppId(e.currentTarget.value)} />
        <small id="appId-hint" class="hint">{t('hintAppId')}</small>
        <FieldError id="appId-error" error={fieldError('appId')} />
      </label>

      {replacing ? (
        <label class="field">
          <span>{t('fieldAppSecret')}</span>
          <input name="appSecret" type="password" autoComplete="off" value={appSecret} aria-describedby="appSecret-hint appSecret-error" onInput={(e) => setAppSecret(e.currentTarget.value)} />
          <small id="appSecret-hint" class="hint">{t('hintAppSecret')}</small>
          <FieldError id="appSecret-error" error={fieldError('appSecret')} />
        </label>
      ) : (
        <div class="field">
          <span>{t('fieldAppSecret')}</span>
          <p class="secret-stored" data-testid="secret-stored">{t('secretStored')}</p>
          <button type="button" onClick={() => setReplacing(true)}>{t('replaceSecret')}</button>
        </div>
      )}
      <p class="hint warn">{t('storageWarning')}</p>

      <fieldset class="field">
        <legend>{t('fieldTokenSource')}</legend>
        <label class="choice">
          <input type="radio" name="tokenSource" value="stable" checked={tokenSource === 'stable'} onChange={() => setTokenSource('stable')} />
          {t('tokenStable')}
        </label>
        <label class="choice">
          <input type="radio" name="tokenSource" value="classic" checked={tokenSource === 'classic'} onChange={() => setTokenSource('classic')} />
          {t('tokenClassic')}
        </label>
        {tokenSource === 'classic' && <p class="alert" role="note">{t('tokenClassicWarning')}</p>}
      </fieldset>

      <div class="actions">
        <button type="submit" class="primary" disabled={busy !== undefined}>{busy === 'save' ? t('saving') : t('save')}</button>
        <button type="button" disabled={busy !== undefined || !saved.hasSecret} onClick={testConnection}>
          {busy === 'test' ? t('testing') : t('testConnection')}
        </button>
      </div>
      {outcome?.kind === 'saved' && <p class="status" role="status">{t('saved')}</p>}
      {outcome?.kind === 'connected' && <p class="status" role="status">{t('testOk', [outcome.appId])}</p>}
      {outcome?.kind === 'error' && !outcome.error.field && <ErrorAlert error={outcome.error} />}
    </form>
  );
}
