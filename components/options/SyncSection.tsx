import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import type { PublicSyncSettings, SaveSyncSettingsInput } from '@/utils/sync/sync-settings';
import type { CheckResult } from '@/utils/sync/webdav/webdav-check';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { FieldError } from '@/components/shared/FieldError';
import { SyncCheckView } from './SyncCheckView';
import { SyncSecretField } from './SyncSecretField';

type Outcome = { kind: 'saved' } | { kind: 'removed' } | { kind: 'checked'; result: CheckResult } | { kind: 'error'; error: AppError } | undefined;

/**
 * Sync's WebDAV server (issue #14). Save and Test ask Chrome for exactly the server's origin inside
 * the click (Chrome prompts only for a user gesture); the app password and the sync passphrase are
 * write-only, like the AppSecret: the page only learns that they are set.
 */
export function SyncSection() {
  const [saved, setSaved] = useState<PublicSyncSettings>();
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [root, setRoot] = useState('');
  const [interval, setIntervalText] = useState('');
  const [password, setPassword] = useState<string | undefined>();
  const [passphrase, setPassphrase] = useState<string | undefined>();
  const [removePassphrase, setRemovePassphrase] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  function show(settings: PublicSyncSettings) {
    setSaved(settings);
    setUrl(settings.url);
    setUser(settings.user);
    setRoot(settings.root);
    setIntervalText(String(settings.intervalMinutes));
    setPassword(settings.hasPassword ? undefined : '');
    setPassphrase(undefined);
    setRemovePassphrase(false);
  }

  useEffect(() => {
    void sendMessage('getSyncSettings').then((reply) => (reply.success ? show(reply.payload) : setOutcome({ kind: 'error', error: reply.error })));
  }, []);

  const input = (): SaveSyncSettingsInput => ({
    url,
    user,
    root,
    intervalMinutes: Number(interval),
    ...(password && { password }),
    ...(passphrase && { passphrase }),
    ...(removePassphrase && { removePassphrase }),
  });

  async function askPermission() {
    try {
      await browser.permissions.request({ origins: [originPermissionPattern(url)] });
    } catch {
      // An unparsable URL: the background explains it.
    }
  }

  async function save(event: Event) {
    event.preventDefault();
    setOutcome(undefined);
    await askPermission();
    const reply = await sendMessage('saveSyncSettings', input());
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    show(reply.payload);
    setOutcome({ kind: 'saved' });
  }

  async function test() {
    setOutcome(undefined);
    await askPermission();
    const reply = await sendMessage('testSyncServer', input());
    setOutcome(reply.success ? { kind: 'checked', result: reply.payload } : { kind: 'error', error: reply.error });
  }

  async function remove() {
    setOutcome(undefined);
    const reply = await sendMessage('removeSyncSettings');
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    show(reply.payload);
    setOutcome({ kind: 'removed' });
  }

  const fieldError = (field: string) => (outcome?.kind === 'error' && outcome.error.field === field ? outcome.error : undefined);
  const text = (name: string, label: string, value: string, set: (value: string) => void, type: 'text' | 'url' | 'number' = 'text') => (
    <label class="field">
      <span>{label}</span>
      {/* Preact types each input type apart; these three take the same attributes. */}
      <input
        name={name}
        type={type as 'text'}
        autoComplete="off"
        value={value}
        aria-describedby={`${name}-error`}
        onInput={(e) => set(e.currentTarget.value)}
      />
      <FieldError id={`${name}-error`} error={fieldError(name)} />
    </label>
  );
  return (
    <section class="sync-section" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('syncSectionTitle')}</h2>
      <p class="hint">{t('syncSectionHint')}</p>
      <form class="sync-settings" onSubmit={save} noValidate aria-busy={saved === undefined}>
        {text('webdavUrl', t('syncFieldUrl'), url, setUrl, 'url')}
        {text('webdavUser', t('syncFieldUser'), user, setUser)}
        <SyncSecretField
          name="webdavPassword"
          label={t('syncFieldPassword')}
          stored={t('syncPasswordStored')}
          replace={t('syncReplacePassword')}
          value={password}
          onChange={setPassword}
          error={fieldError('webdavPassword')}
        />
        {text('webdavRoot', t('syncFieldRoot'), root, setRoot)}
        {text('syncInterval', t('syncFieldInterval'), interval, setIntervalText, 'number')}
        <SyncSecretField
          name="syncPassphrase"
          label={t('syncFieldPassphrase')}
          stored={removePassphrase ? undefined : saved?.encrypted ? t('syncPassphraseStored') : undefined}
          replace={t('syncReplacePassphrase')}
          value={passphrase}
          onChange={setPassphrase}
          hint={t('syncPassphraseHint')}
          onRemove={saved?.encrypted && !removePassphrase ? () => setRemovePassphrase(true) : undefined}
          removeLabel={t('syncRemovePassphrase')}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={saved === undefined}>
            {t('syncSave')}
          </button>
          <button type="button" disabled={saved === undefined} onClick={test}>
            {t('syncTest')}
          </button>
          {saved?.configured && (
            <button type="button" onClick={remove}>
              {t('syncRemove')}
            </button>
          )}
        </div>
      </form>
      {outcome?.kind === 'saved' && (
        <p class="status" role="status">
          {t('syncSaved')}
        </p>
      )}
      {outcome?.kind === 'removed' && (
        <p class="status" role="status">
          {t('syncRemoved')}
        </p>
      )}
      {outcome?.kind === 'checked' && <SyncCheckView result={outcome.result} />}
      {outcome?.kind === 'error' && !outcome.error.field && <ErrorAlert error={outcome.error} />}
    </section>
  );
}
