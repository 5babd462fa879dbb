import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, type Reply, sendMessage } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { NewPassphraseFields } from './NewPassphraseFields';

/** What an unlocked lock's operator chose to do next (off and locked each have one form only). */
type Mode = 'change' | 'remove';

/**
 * The passphrase lock over every stored credential. Off: set one. On and locked: unlock. On and
 * unlocked: lock now, change, or remove it. The passphrase is sent to the background once and
 * never kept. Turning it on with accounts already saved says what the lock cannot undo: their
 * secrets were written in the clear before, and the browser's files may still hold them.
 */
export function LockSection({ settings, onChange }: { settings: PublicSettings; onChange: (settings: PublicSettings) => void }) {
  const { enabled, unlocked } = settings.lock;
  const [mode, setMode] = useState<Mode>();
  const [current, setCurrent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  /** The lock was just turned on over secrets saved in the clear: they should be replaced. */
  const [rotate, setRotate] = useState(false);
  const accountsSaved = settings.accounts.length > 0;

  /** One lock action; on success the fields empty and the section shows the new state. */
  async function run(action: () => Promise<Reply<PublicSettings>>, afterwards: { rotate?: boolean } = {}) {
    setBusy(true);
    setError(undefined);
    const reply = await action();
    setBusy(false);
    if (!reply.success) return setError(reply.error);
    setCurrent('');
    setPassphrase('');
    setConfirm('');
    setMode(undefined);
    setRotate(afterwards.rotate ?? false);
    onChange(reply.payload);
  }

  function submit(event: Event) {
    event.preventDefault();
    if (!enabled) return void run(() => sendMessage('setPassphrase', { passphrase, confirm }), { rotate: accountsSaved });
    if (!unlocked) return void run(() => sendMessage('unlock', { passphrase: current }));
    if (mode === 'change') return void run(() => sendMessage('setPassphrase', { passphrase, confirm, currentPassphrase: current }));
    if (mode === 'remove') return void run(() => sendMessage('removePassphrase', { currentPassphrase: current }));
  }

  const needsCurrent = (enabled && !unlocked) || mode !== undefined;
  const needsNew = !enabled || mode === 'change';
  return (
    <form class="lock" onSubmit={submit} noValidate aria-labelledby="lock-title">
      <h2 id="lock-title">{t('lockTitle')}</h2>
      <p class="hint" data-testid="lock-state">
        {!enabled ? t('lockOff') : unlocked ? t('lockUnlocked') : t('lockLocked')}
      </p>
      {rotate && enabled && (
        <p class="notice" role="status" data-testid="lock-rotate">
          {t('lockRotateAdvice')}
        </p>
      )}
      {needsCurrent && (
        <label class="field">
          <span>{t('fieldCurrentPassphrase')}</span>
          <input name="currentPassphrase" type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
      )}
      {needsNew && <NewPassphraseFields passphrase={passphrase} confirm={confirm} onPassphrase={setPassphrase} onConfirm={setConfirm} />}
      {!enabled && accountsSaved && (
        <p class="hint warn" role="note" data-testid="lock-earlier-secrets">
          {t('lockEarlierSecrets')}
        </p>
      )}
      <div class="actions">
        {!enabled && (
          <button type="submit" class="primary" disabled={busy}>
            {t('lockEnable')}
          </button>
        )}
        {enabled && !unlocked && (
          <button type="submit" class="primary" disabled={busy}>
            {t('unlock')}
          </button>
        )}
        {enabled && unlocked && mode !== undefined && (
          <button type="submit" class="primary" disabled={busy}>
            {t(mode === 'change' ? 'lockChange' : 'lockRemove')}
          </button>
        )}
        {enabled && unlocked && mode === undefined && (
          <>
            <button type="button" onClick={() => void run(() => sendMessage('lockNow'))}>
              {t('lockNow')}
            </button>
            <button type="button" onClick={() => setMode('change')}>
              {t('lockChange')}
            </button>
            <button type="button" onClick={() => setMode('remove')}>
              {t('lockRemove')}
            </button>
          </>
        )}
      </div>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}
