import { t } from '@/utils/i18n/t';
import type { PublicAccount } from '@/utils/messaging/messages';

export interface AccountPickerProps {
  /** The select's name (tests and autofill find it by it). */
  name: string;
  label: string;
  accounts: PublicAccount[];
  /** The account shown. */
  value: string;
  /** The current account, marked in the list. */
  currentId: string | null;
  onChange: (id: string) => void;
}

/**
 * Which account a section is about: its name, or a select of every account when there are several.
 * Choosing only asks: the select shows `value` until the parent changes it (it may decline).
 */
export function AccountPicker({ name, label, accounts, value, currentId, onChange }: AccountPickerProps) {
  const shown = accounts.find((account) => account.id === value);
  const text = (account: PublicAccount) => {
    const named = `${account.name} (${account.appId})`;
    return account.id === currentId && accounts.length > 1 ? t('accountOptionCurrent', [named]) : named;
  };
  if (accounts.length < 2) {
    return (
      <p class="inline account-picker">
        <span>{label}</span>
        <strong data-testid={`${name}-name`}>{shown && text(shown)}</strong>
      </p>
    );
  }
  return (
    <label class="inline account-picker">
      <span>{label}</span>
      <select
        name={name}
        value={value}
        onChange={(e) => {
          const id = e.currentTarget.value;
          e.currentTarget.value = value;
          onChange(id);
        }}
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {text(account)}
          </option>
        ))}
      </select>
    </label>
  );
}
