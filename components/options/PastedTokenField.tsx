import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { formatDateTime } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import { type PublicAccount, type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { ErrorAlert } from '@/components/shared/ErrorAlert';

/** A token for this browser session: kept in storage.session, never shown again, gone on restart. */
export function PastedTokenField({ account, onSaved }: { account: PublicAccount; onSaved: (settings: PublicSettings) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<AppError>();

  async function use() {
    const reply = await sendMessage('pasteToken', { id: account.id, token });
    if (!reply.success) return setError(reply.error);
    setError(undefined);
    setToken('');
    onSaved(reply.payload);
  }

  const until = account.pastedTokenExpiresAt;
  return (
    <div class="field pasted-token">
      <span>{t('fieldPastedToken')}</span>
      <textarea name="pastedToken" rows={3} autoComplete="off" spellcheck={false} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
      <button type="button" onClick={() => void use()} disabled={token.trim() === ''}>
        {t('usePastedToken')}
      </button>
      <small class="hint" data-testid="pasted-token-state">
        {until && until > Date.now() ? t('pastedTokenUntil', [formatDateTime(until)]) : t('pastedTokenNone')}
      </small>
      {error && <ErrorAlert error={error} />}
    </div>
  );
}
