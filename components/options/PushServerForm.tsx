import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type PublicPushServer, sendMessage } from '@/utils/messaging/messages';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import type { PushResult } from '@/utils/push/test-push';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { FieldError } from '@/components/shared/FieldError';
import { PushResultView } from '@/components/shared/PushResultView';

type Outcome = { kind: 'saved' } | { kind: 'verified'; result: PushResult } | { kind: 'error'; error: AppError } | undefined;

/**
 * The account's own server (基本配置 → 服务器配置) for test pushes. Saving asks for access to exactly
 * that origin; the Token is write-only, like the AppSecret.
 */
export function PushServerForm() {
  const [saved, setSaved] = useState<PublicPushServer>();
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [originalId, setOriginalId] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  useEffect(() => {
    void sendMessage('getPushServer', {}).then((reply) => {
      if (!reply.success) return;
      setSaved(reply.payload);
      setUrl(reply.payload.url);
      setOriginalId(reply.payload.originalId);
      setReplacing(!reply.payload.hasToken);
    });
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
    if (!saved) return;
    // Saved into the account whose server the form shows, even if another became current meanwhile.
    const reply = await sendMessage('savePushServer', { accountId: saved.accountId, url, token: replacing ? token : undefined, originalId });
    if (!reply.success) return setOutcome({ kind: 'error', error: reply.error });
    setSaved(reply.payload);
    setToken('');
    setReplacing(false);
    setOutcome({ kind: 'saved' });
  }

  async function verify() {
    setOutcome(undefined);
    const reply = await sendMessage('verifyServer', { accountId: saved?.accountId });
    setOutcome(reply.success ? { kind: 'verified', result: reply.payload } : { kind: 'error', error: reply.error });
  }

  const fieldError = (field: string) => (outcome?.kind === 'error' && outcome.error.field === field ? outcome.error : undefined);
  return (
    <form class="push-server" onSubmit={save} noValidate>
      <h2>{t('optionsPushServer')}</h2>
      <p class="hint">{t('hintPushServer')}</p>
      <label class="field">
        <span>{t('fieldPushUrl')}</span>
        <input name="pushUrl" type="url" autoComplete="off" value={url} aria-describedby="pushUrl-error" onInput={(e) => setUrl(e.currentTarget.value)} />
        <FieldError id="pushUrl-error" error={fieldError('pushUrl')} />
      </label>
      {replacing ? (
        <label class="field">
          <span>{t('fieldPushToken')}</span>
          <input name="pushToken" type="password" autoComplete="off" value={token} aria-describedby="pushToken-error" onInput={(e) => setToken(e.currentTarget.value)} />
          <FieldError id="pushToken-error" error={fieldError('pushToken')} />
        </label>
      ) : (
        <div class="field">
          <span>{t('fieldPushToken')}</span>
          <p class="secret-stored">{t('pushTokenStored')}</p>
          <button type="button" onClick={() => setReplacing(true)}>{t('replacePushToken')}</button>
        </div>
      )}
      <label class="field">
        <span>{t('fieldOriginalId')}</span>
        <input name="originalId" autoComplete="off" value={originalId} onInput={(e) => setOriginalId(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit" class="primary">{t('savePushServer')}</button>
        <button type="button" disabled={!saved?.hasToken} onClick={verify}>{t('verifyServer')}</button>
      </div>
      {outcome?.kind === 'saved' && <p class="status" role="status">{t('saved')}</p>}
      {outcome?.kind === 'verified' && <PushResultView result={outcome.result} />}
      {outcome?.kind === 'error' && !outcome.error.field && <ErrorAlert error={outcome.error} />}
    </form>
  );
}
