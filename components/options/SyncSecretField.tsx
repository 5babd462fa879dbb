import type { AppError } from '@/utils/messaging/app-error';
import { FieldError } from '@/components/shared/FieldError';

export interface SyncSecretFieldProps {
  name: string;
  label: string;
  /** What to say when one is stored (the value never comes back); undefined: nothing stored. */
  stored?: string;
  replace: string;
  /** undefined: keep the stored one (the field shows "stored"); a string: what is typed. */
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  error?: AppError;
  hint?: string;
  onRemove?: () => void;
  removeLabel?: string;
}

/** A write-only secret: "stored" with a Replace button, or a password input once replacing. */
export function SyncSecretField({ name, label, stored, replace, value, onChange, error, hint, onRemove, removeLabel }: SyncSecretFieldProps) {
  const typing = value !== undefined || !stored;
  return (
    <div class="field">
      <label class="field">
        <span>{label}</span>
        {typing ? (
          <input
            name={name}
            type="password"
            autoComplete="new-password"
            value={value ?? ''}
            aria-describedby={`${name}-error`}
            onInput={(e) => onChange(e.currentTarget.value)}
          />
        ) : (
          <p class="secret-stored" data-testid={`${name}-stored`}>
            {stored}
          </p>
        )}
      </label>
      {!typing && (
        <div class="actions">
          <button type="button" onClick={() => onChange('')}>
            {replace}
          </button>
          {onRemove && (
            <button type="button" onClick={onRemove}>
              {removeLabel}
            </button>
          )}
        </div>
      )}
      {hint && <p class="hint">{hint}</p>}
      <FieldError id={`${name}-error`} error={error} />
    </div>
  );
}
