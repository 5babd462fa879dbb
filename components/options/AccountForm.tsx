import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TokenSourceKind } from '@/utils/accounts/account';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicAccount, type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import { tokenServerUrlProblem } from '@/utils/accounts/token-server';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { FieldError } from '@/components/shared/FieldError';
import { PastedTokenField } from './PastedTokenField';

type Outcome = { kind: 'saved' } | { kind: 'connected'; appId: string } | { kind: 'error'; error: AppError } | undefined;

const SOURCES: readonly TokenSourceKind[] = ['stable', 'classic', 'server', 'pasted'];
const SOURCE_LABELS = { stable: 'tokenStable', classic: 'tokenClassic', server: 'tokenServer', pasted: 'tokenPasted' } as const;

/**
 * One account: name, AppID, token source and what that source needs. The AppSecret and the token
 * server's header value are write-only: once saved the form only knows that one is stored.
 */
export function AccountForm({
  account,
  isCurrent,
  justSaved = false,
  onSaved,
}: {
  account?: PublicAccount;
  isCurrent: boolean;
  /** The form of an account just added (it replaces the "add" form): starts by saying so. */
  justSaved?: boolean;
  onSaved: (settings: PublicSettings) => void;
}) {
  const [name, setName] = useState(account?.name ?? '');
  const [appId, setAppId] = useState(account?.appId ?? '');
  const [appSecret, setAppSecret] = useState('');
  const [replacing, setReplacing] = useState(!account?.hasSecret);
  const [tokenSource, setTokenSource] = useState<TokenSourceKind>(account?.tokenSource ?? 'stable');
  const [serverUrl, setServerUrl] = useState(account?.tokenServerUrl ?? '');
  const [headerName, setHeaderName] = useState(account?.tokenServerHeaderName ?? '');
  const [headerValue, setHeaderValue] = useState('');
  const [apiBase, setApiBase] = useState(account?.apiBase ?? '');
  const [busy, setBusy] = useState<'save' | 'test'>();
  const [outcome, setOutcome] = useState<Outcome>(justSaved ? { kind: 'saved' } : undefined);
  const usesSecret = tokenSource === 'stable' || tokenSource === 'classic';

  async function save(event: Event) {
    event.preventDefault();
    // Asked for in the click itself (Chrome wants a user gesture), for exactly the servers' origins.
    const origins = [tokenSource === 'server' ? serverUrl : '', apiBase]
      .filter((url) => url.trim() !== '' && !tokenServerUrlProblem(url))
      .map(originPermissionPattern);
    const permission = origins.length > 0 ? browser.permissions.request({ origins }).catch(() => false) : Promise.resolve(true);
    setBusy('save');
    setOutcome(undefined);
    const reply = await sendMessage('saveAccount', {
      id: account?.id,
      name,
      appId,
      appSecret: usesSecret && replacing ? appSecret : undefined,
      tokenSource,
      tokenServer: tokenSource === 'server' ? { url: serverUrl, headerName, headerValue } : undefined,
      apiBase,
    });
    const granted = await permission;
    setBusy(undefined);
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    setAppSecret('');
    setHeaderValue('');
    setReplacing(false);
    onSaved(reply.payload);
    const missing = tokenSource === 'server' ? 'token_server_permission_missing' : 'api_base_permission_missing';
    setOutcome(granted ? { kind: 'saved' } : { kind: 'error', error: { code: missing } });
  }

  async function testConnection() {
    setBusy('test');
    setOutcome(undefined);
    const reply = await sendMessage('testConnection', { accountId: account?.id });
    setBusy(undefined);
    setOutcome(reply.success ? { kind: 'connected', appId: reply.payload.appId } : { kind: 'error', error: reply.error });
  }

  const fieldError = (field: string) => (outcome?.kind === 'error' && outcome.error.field === field ? outcome.error : undefined);
  return (
    <form class="credentials" onSubmit={save} noValidate>
      <h2>{account ? t('editAccount', [account.name]) : t('addAccount')}</h2>
      <label class="field">
        <span>{t('fieldAccountName')}</span>
        <input name="accountName" autoComplete="off" value={name} placeholder={appId || t('fieldAccountNameHint')} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('fieldAppId')}</span>
        <input name="appId" autoComplete="off" spellcheck={false} value={appId} aria-describedby="appId-hint appId-error" onInput={(e) => setAppId(e.currentTarget.value)} />
        <small id="appId-hint" class="hint">{t('hintAppId')}</small>
        <FieldError id="appId-error" error={fieldError('appId')} />
      </label>

      <fieldset class="field">
        <legend>{t('fieldTokenSource')}</legend>
        {SOURCES.map((source) => (
          <label key={source} class="choice">
            <input type="radio" name="tokenSource" value={source} checked={tokenSource === source} onChange={() => setTokenSource(source)} />
            {t(SOURCE_LABELS[source])}
          </label>
        ))}
        {tokenSource === 'classic' && <p class="alert" role="note">{t('tokenClassicWarning')}</p>}
      </fieldset>

      {usesSecret &&
        (replacing ? (
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
        ))}
      {usesSecret && <p class="hint warn">{t('storageWarning')}</p>}

      {tokenSource === 'server' && (
        <>
          <label class="field">
            <span>{t('fieldTokenServerUrl')}</span>
            <input name="tokenServerUrl" type="url" autoComplete="off" spellcheck={false} value={serverUrl} placeholder="https://" onInput={(e) => setServerUrl(e.currentTarget.value)} />
            <small class="hint">{t('hintTokenServer')}</small>
            <FieldError id="tokenServerUrl-error" error={fieldError('tokenServerUrl')} />
          </label>
          <div class="row-2">
            <label class="field">
              <span>{t('fieldTokenServerHeaderName')}</span>
              <input name="tokenServerHeaderName" autoComplete="off" spellcheck={false} value={headerName} placeholder="Authorization" onInput={(e) => setHeaderName(e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>{t('fieldTokenServerHeaderValue')}</span>
              <input name="tokenServerHeaderValue" type="password" autoComplete="off" value={headerValue} placeholder={account?.hasTokenServerHeader ? t('headerValueStored') : ''} onInput={(e) => setHeaderValue(e.currentTarget.value)} />
            </label>
          </div>
          <FieldError id="tokenServerHeader-error" error={fieldError('tokenServerHeader')} />
        </>
      )}
      {tokenSource === 'pasted' && <p class="hint">{t('hintTokenPasted')}</p>}
      <details class="field" open={Boolean(apiBase)}>
        <summary>{t('fieldApiBase')}</summary>
        <input name="apiBase" type="url" autoComplete="off" spellcheck={false} value={apiBase} placeholder="https://" aria-label={t('fieldApiBase')} onInput={(e) => setApiBase(e.currentTarget.value)} />
        <small class="hint">{t('hintApiBase')}</small>
        <FieldError id="apiBase-error" error={fieldError('apiBase')} />
      </details>

      <div class="actions">
        <button type="submit" class="primary" disabled={busy !== undefined}>{busy === 'save' ? t('saving') : t('save')}</button>
        {isCurrent && (
          <button type="button" disabled={busy !== undefined} onClick={testConnection}>
            {busy === 'test' ? t('testing') : t('testConnection')}
          </button>
        )}
      </div>
      {outcome?.kind === 'saved' && <p class="status" role="status">{t('saved')}</p>}
      {outcome?.kind === 'connected' && <p class="status" role="status">{t('testOk', [outcome.appId])}</p>}
      {outcome?.kind === 'error' && !outcome.error.field && <ErrorAlert error={outcome.error} />}
      {account && account.tokenSource === 'pasted' && tokenSource === 'pasted' && <PastedTokenField account={account} onSaved={onSaved} />}
    </form>
  );
}
