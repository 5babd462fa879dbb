import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, type Reply, sendMessage } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

type Mode = 'enable' | 'change' | 'remove';

/**
 * The passphrase lock over the AppSecrets. Off: set one. On and locked: unlock. On and unlocked:
 * lock now, change, or remove it. The passphrase is sent to the background once and never kept.
 */
export function LockSection({ settings, onChange }: { settings: PublicSettings; onChange: (settings: PublicSettings) => void }) {
  const { enabled, unlocked } = settings.lock;
  const [mode, setMode] = useState<Mode | undefined>(enabled ? undefined : 'enable');
  const [current, setCurrent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);

  /** One lock action; on success the fields empty and the section shows the new state. */
  async function run(action: () => Promise<Reply<PublicSettings>>) {
    setBusy(true);
    setError(undefined);
    const reply = await action();
    setBusy(false);
    if (!reply.success) return setError(reply.error);
    setCurrent('');
    setPassphrase('');
    setConfirm('');
    setMode(reply.payload.lock.enabled ? undefined : 'enable');
    onChange(reply.payload);
  }

  function submit(event: Event) {
    event.preventDefault();
    if (enabled && !unlocked) return void run(() => sendMessage('unlock', { passphrase: current }));
    if (mode === 'enable') return void run(() => sendMessage('setPassphrase', { passphrase, confirm }));
    if (mode === 'change') return void run(() => sendMessage('setPassphrase', { passphrase, confirm, currentPassphrase: current }));
    if (mode === 'remove') return void run(() => sendMessage('removePassphrase', { currentPassphrase: current }));
  }

  const needsCurrent = (enabled && !unlocked) || mode === 'change' || mode === 'remove';
  const needsNew = mode === 'enable' || mode === 'change';
  return (
    <form class="lock" onSubmit={submit} noValidate aria-labelledby="lock-title">
      <h2 id="lock-title">{t('lockTitle')}</h2>
      <p class="hint" data-testid="lock-state">{!enabled ? t('lockOff') : unlocked ? t('lockUnlocked') : t('lockLocked')}</p>
      {needsCurrent && (
        <label class="field">
          <span>{t('fieldCurrentPassphrase')}</span>
          <input name="currentPassphrase" type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
      )}
      {needsNew && (
        <>
          <label class="field">
            <span>{t('fieldNewPassphrase')}</span>
            <input name="passphrase" type="password" autoComplete="new-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t('fieldConfirmPassphrase')}</span>
            <input name="confirmPassphrase" type="password" autoComplete="new-password" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
          </label>
          <small class="hint">{t('hintPassphrase')}</small>
        </>
      )}
      <div class="actions">
        {enabled && !unlocked && <button type="submit" class="primary" disabled={busy}>{t('unlock')}</button>}
        {mode === 'enable' && <button type="submit" class="primary" disabled={busy}>{t('lockEnable')}</button>}
        {(mode === 'change' || mode === 'remove') && <button type="submit" class="primary" disabled={busy}>{t(mode === 'change' ? 'lockChange' : 'lockRemove')}</button>}
        {enabled && unlocked && mode === undefined && (
          <>
            <button type="button" onClick={() => void run(() => sendMessage('lockNow'))}>{t('lockNow')}</button>
            <button type="button" onClick={() => setMode('change')}>{t('lockChange')}</button>
            <button type="button" onClick={() => setMode('remove')}>{t('lockRemove')}</button>
          </>
        )}
      </div>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}
