import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';
import { CheckupPanel } from '@/components/checkup/CheckupPanel';
import { AccountForm } from './AccountForm';
import { LockOffer } from './LockOffer';

const SOURCE_NAMES = { stable: 'sourceShortStable', classic: 'sourceShortClassic', server: 'sourceShortServer', pasted: 'sourceShortPasted' } as const;

/** Every account (one per Official Account), which one is current, and the form for the one being edited. */
export function AccountsSection({ settings, onChange }: { settings: PublicSettings; onChange: (settings: PublicSettings) => void }) {
  /** The account in the form: an id, or 'new'. Defaults to the current account. */
  const [editing, setEditing] = useState<string>(settings.currentAccountId ?? 'new');
  const [added, setAdded] = useState<string>();
  /** Whose check-up is shown (default: the account in the form), and whether it was asked to run (n keys each run). */
  const [checkup, setCheckup] = useState<{ id: string; run: boolean; n: number }>();
  const account = settings.accounts.find((one) => one.id === editing);
  const checked = settings.accounts.find((one) => one.id === (checkup?.id ?? editing));
  const runCheckup = (id: string) => setCheckup((before) => ({ id, run: true, n: (before?.n ?? 0) + 1 }));

  async function run(type: 'switchAccount' | 'removeAccount', id: string) {
    if (type === 'removeAccount' && !confirm(t('removeAccountConfirm'))) return;
    const reply = await sendMessage(type, { id });
    if (!reply.success) return;
    onChange(reply.payload);
    if (type === 'removeAccount' && editing === id) setEditing(reply.payload.currentAccountId ?? 'new');
  }

  return (
    <section class="accounts" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('optionsAccount')}</h2>
      {settings.accounts.length > 0 && (
        <table class="account-list">
          <tbody>
            {settings.accounts.map((one) => (
              <tr key={one.id} class={one.id === editing ? 'editing' : undefined}>
                <td>
                  <strong>{one.name}</strong>
                  <br />
                  <small class="hint">
                    {one.appId} · {t(SOURCE_NAMES[one.tokenSource])}
                  </small>
                </td>
                <td class="account-actions">
                  {one.id === settings.currentAccountId ? (
                    <span class="badge">{t('accountCurrent')}</span>
                  ) : (
                    <button type="button" onClick={() => void run('switchAccount', one.id)}>
                      {t('accountMakeCurrent')}
                    </button>
                  )}
                  <button type="button" onClick={() => setEditing(one.id)}>
                    {t('accountEdit')}
                  </button>
                  <button type="button" data-checkup={one.appId} onClick={() => runCheckup(one.id)}>
                    {t('checkup_button')}
                  </button>
                  <button type="button" onClick={() => void run('removeAccount', one.id)}>
                    {t('accountRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {settings.accounts.length > 0 && editing !== 'new' && (
        <button type="button" class="link" onClick={() => setEditing('new')}>
          {t('addAccount')}
        </button>
      )}
      {checked && (
        <CheckupPanel
          key={`${checked.id}:${checkup?.id === checked.id ? checkup.n : 0}`}
          account={checked}
          runNow={checkup?.id === checked.id && checkup.run}
        />
      )}
      <LockOffer settings={settings} onChange={onChange} />
      <AccountForm
        key={editing}
        account={account}
        isCurrent={account !== undefined && account.id === settings.currentAccountId}
        sealed={settings.lock.enabled}
        justSaved={added !== undefined && added === editing}
        onCheckup={account ? () => runCheckup(account.id) : undefined}
        onSaved={(next) => {
          onChange(next);
          // A new account's form becomes that account's form (for its pasted token, its test).
          const id = next.accounts.at(-1)?.id;
          if (!account && id) {
            setAdded(id);
            setEditing(id);
            setCheckup(undefined);
          }
        }}
      />
    </section>
  );
}
