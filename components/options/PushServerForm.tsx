import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n/t';
import type { PublicSettings } from '@/utils/messaging/messages';
import { AccountPicker } from './AccountPicker';
import { PushServerFields } from './PushServerFields';

/**
 * Whose server the section shows: the current account's, following 设为当前 on this page, until the
 * operator picks another account here. `held`: the current account changed while the fields had
 * unsaved edits, so they stayed on their own account (edits never move into another account).
 */
interface Choice {
  id: string | null;
  follow: boolean;
  held?: boolean;
}

/**
 * The account's own server (基本配置 → 服务器配置) for test pushes, one account at a time, named at
 * the top. Saving asks for access to exactly that origin; the Token is write-only, like the AppSecret.
 */
export function PushServerForm({ settings }: { settings: PublicSettings }) {
  const current = settings.currentAccountId;
  const [choice, setChoice] = useState<Choice>({ id: current, follow: true });
  const [dirty, setDirty] = useState(false);
  // Until the effect below adopts it: the current account when the chosen one is gone (or none was).
  const account = settings.accounts.find((one) => one.id === choice.id) ?? settings.accounts.find((one) => one.id === current);
  const currentAccount = settings.accounts.find((one) => one.id === current);

  useEffect(() => {
    if (!account) return;
    // The first account added, or the one shown was removed: the form shows the current one, and follows it.
    if (!settings.accounts.some((one) => one.id === choice.id)) setChoice({ id: account.id, follow: true });
    else if (choice.follow && account.id !== current) setChoice(dirty ? { id: account.id, follow: false, held: true } : { id: current, follow: true });
  }, [current, settings.accounts]);

  function pick(id: string) {
    if (id === account?.id) return;
    if (dirty && !confirm(t('pushServerDiscardEdits', [account?.name ?? '']))) return;
    setChoice({ id, follow: id === current });
  }

  return (
    <section class="push-server-section" aria-labelledby="push-server-title">
      <h2 id="push-server-title">{t('optionsPushServer')}</h2>
      <p class="hint">{t('hintPushServer')}</p>
      {!account ? (
        <p class="hint">{t('pushServerNoAccount')}</p>
      ) : (
        <>
          <AccountPicker
            name="pushAccount"
            label={t('pushServerAccount')}
            accounts={settings.accounts}
            value={account.id}
            currentId={current}
            onChange={pick}
          />
          {choice.held && dirty && currentAccount && (
            <p class="hint warn" role="note" data-testid="push-server-held">
              {t('pushServerHeldEdits', [currentAccount.name, account.name])}
            </p>
          )}
          <PushServerFields key={account.id} account={account} onDirtyChange={setDirty} />
        </>
      )}
    </section>
  );
}
