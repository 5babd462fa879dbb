import { t } from '@/utils/i18n/t';
import { type PublicSettings, sendMessage } from '@/utils/messaging/messages';

/** The current account, switchable in place when there is more than one. */
export function AccountSwitcher({ settings, onChange }: { settings: PublicSettings; onChange: (settings: PublicSettings) => void }) {
  if (settings.accounts.length < 2) return null;
  return (
    <label class="inline account-switcher">
      <span>{t('popupAccount')}</span>
      <select
        name="account"
        value={settings.currentAccountId ?? ''}
        onChange={async (e) => {
          const reply = await sendMessage('switchAccount', { id: e.currentTarget.value });
          if (reply.success) onChange(reply.payload);
        }}
      >
        {settings.accounts.map((account) => (
          <option key={account.id} value={account.id}>{`${account.name} (${account.appId})`}</option>
        ))}
      </select>
    </label>
  );
}
