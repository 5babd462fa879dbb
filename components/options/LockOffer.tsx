import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { NewPassphraseFields } from './NewPassphraseFields';

/**
 * The lock is worth offering before the first credential is typed: set then, that credential is
 * sealed from its first write, while one saved in the clear may survive on disk after the lock is
 * turned on (the browser keeps superseded records until it compacts its storage).
 */
export function offersLock(settings: PublicSettings): boolean {
  return !settings.lock.enabled && !settings.accounts.some((account) => account.hasSecret || account.hasTokenServerHeader);
}

type Stage = 'offered' | 'typing' | 'skipped' | 'done';

/** Next to the account form while no credential is stored and no lock set: set the passphrase first, or skip. */
export function LockOffer({ settings, onChange }: { settings: PublicSettings; onChange: (settings: PublicSettings) => void }) {
  const [stage, setStage] = useState<Stage>('offered');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const reply = await sendMessage('setPassphrase', { passphrase, confirm });
    setBusy(false);
    if (!reply.success) return setError(reply.error);
    setStage('done');
    onChange(reply.payload);
  }

  // Done: says what it changed, until the first AppSecret is saved (the form then says it is sealed).
  if (stage === 'done')
    return settings.accounts.some((account) => account.hasSecret) ? null : (
      <p class="status" role="status">
        {t('lockOfferDone')}
      </p>
    );
  if (stage === 'skipped' || !offersLock(settings)) return null;
  return (
    <form class="notice lock-offer" onSubmit={submit} noValidate aria-labelledby="lock-offer-title" data-testid="lock-offer">
      <h3 id="lock-offer-title">{t('lockOfferTitle')}</h3>
      <p class="hint">{t('lockOfferBody')}</p>
      {stage === 'typing' && (
        <NewPassphraseFields
          names={{ passphrase: 'firstPassphrase', confirm: 'firstConfirmPassphrase' }}
          passphrase={passphrase}
          confirm={confirm}
          onPassphrase={setPassphrase}
          onConfirm={setConfirm}
        />
      )}
      <div class="actions">
        {/* Two elements (keys), not one whose type changes: Chrome runs a click's default action after the
            re-render its handler caused, so a button turned "submit" mid-click would submit the empty fields. */}
        {stage === 'typing' ? (
          <button key="submit" type="submit" class="primary" disabled={busy}>
            {t('lockOfferSubmit')}
          </button>
        ) : (
          <button key="start" type="button" class="primary" onClick={() => setStage('typing')}>
            {t('lockOfferStart')}
          </button>
        )}
        <button type="button" onClick={() => setStage('skipped')}>
          {t('lockOfferSkip')}
        </button>
      </div>
      {error && <ErrorAlert error={error} />}
    </form>
  );
}
