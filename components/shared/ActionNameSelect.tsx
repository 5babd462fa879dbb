import { t } from '@/utils/i18n/t';
import { ACTION_NAMES, type ActionName } from '@/utils/wechat/qr-request';

/** The four kinds of code, in the operator's words; the option values are WeChat's action names. */
export function ActionNameSelect({ name, value, onChange }: { name: string; value: ActionName; onChange: (value: ActionName) => void }) {
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value as ActionName)}>
      {ACTION_NAMES.map((action) => (
        <option key={action} value={action}>
          {t(`action${action}`)}
        </option>
      ))}
    </select>
  );
}
