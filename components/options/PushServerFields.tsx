import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicAccount, type PublicPushServer, sendMessage } from '@/utils/messaging/messages';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import type { PushResult } from '@/utils/push/test-push';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { FieldError } from '@/components/shared/FieldError';
import { PushResultView } from '@/components/shared/PushResultView';

type Outcome = { kind: 'saved' } | { kind: 'verified'; result: PushResult } | { kind: 'error'; error: AppError } | undefined;

export interface PushServerFieldsProps {
  /** The one account these fields read, save and verify: the parent remounts them for another. */
  account: PublicAccount;
  /** Whether the fields hold edits not saved yet. */
  onDirtyChange: (dirty: boolean) => void;
}

/** One account's server (URL, Token, 原始ID): read, saved and verified for that account only. */
export function PushServerFields({ account, onDirtyChange }: PushServerFieldsProps) {
  const [saved, setSaved] = useState<PublicPushServer>();
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [originalId, setOriginalId] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const dirty = saved !== undefined && (url !== saved.url || originalId !== saved.originalId || token !== '');

  useEffect(() => onDirtyChange(dirty), [dirty]);

  useEffect(() => {
    let live = true;
    void sendMessage('getPushServer', { accountId: account.id }).then((reply) => {
      if (!live) return;
      if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
      setSaved(reply.payload);
      setUrl(reply.payload.url);
      setOriginalId(reply.payload.originalId);
      setReplacing(!reply.payload.hasToken);
    });
    return () => {
      live = false;
    };
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    setOutcome(undefined);
    // Asked inside the click: Chrome shows its prompt only for a user gesture.
    try {
      await browser.permissions.request({ origins: [originPermissionPattern(url)] });
    } catch {
      // An unparsable URL: the background explains it below.
    }
    const reply = await sendMessage('savePushServer', { accountId: account.id, url, token: replacing ? token : undefined, originalId });
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    setSaved(reply.payload);
    setUrl(reply.payload.url);
    setToken('');
    setReplacing(false);
    setOutcome({ kind: 'saved' });
  }

  async function verify() {
    setOutcome(undefined);
    const reply = await sendMessage('verifyServer', { accountId: account.id });
    setOutcome(reply.success ? { kind: 'verified', result: reply.payload } : { kind: 'error', error: reply.error });
  }

  const fieldError = (field: string) => (outcome?.kind === 'error' && outcome.error.field === field ? outcome.error : undefined);
  return (
    <form class="push-server" onSubmit={save} noValidate aria-busy={saved === undefined}>
      <label class="field">
        <span>{t('fieldPushUrl')}</span>
        <input name="pushUrl" type="url" autoComplete="off" value={url} aria-describedby="pushUrl-error" onInput={(e) => setUrl(e.currentTarget.value)} />
        <FieldError id="pushUrl-error" error={fieldError('pushUrl')} />
      </label>
      {replacing ? (
        <label class="field">
          <span>{t('fieldPushToken')}</span>
          <input
            name="pushToken"
            type="password"
            autoComplete="off"
            value={token}
            aria-describedby="pushToken-error"
            onInput={(e) => setToken(e.currentTarget.value)}
          />
          <FieldError id="pushToken-error" error={fieldError('pushToken')} />
        </label>
      ) : (
        <div class="field">
          <span>{t('fieldPushToken')}</span>
          <p class="secret-stored">{t('pushTokenStored')}</p>
          <button type="button" onClick={() => setReplacing(true)}>
            {t('replacePushToken')}
          </button>
        </div>
      )}
      <label class="field">
        <span>{t('fieldOriginalId')}</span>
        <input name="originalId" autoComplete="off" value={originalId} onInput={(e) => setOriginalId(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={saved === undefined}>
          {t('savePushServer')}
        </button>
        <button type="button" disabled={!saved?.hasToken} onClick={verify}>
          {t('verifyServer')}
        </button>
      </div>
      {outcome?.kind === 'saved' && !dirty && (
        <p class="status" role="status">
          {t('pushServerSavedTo', [account.name])}
        </p>
      )}
      {outcome?.kind === 'verified' && <PushResultView result={outcome.result} />}
      {outcome?.kind === 'error' && !outcome.error.field && <ErrorAlert error={outcome.error} />}
    </form>
  );
}
