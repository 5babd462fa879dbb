import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { formatLifetime } from '@/utils/i18n/duration';
import { type MessageKey, t } from '@/utils/i18n/t';
import { DAY_SECONDS } from '@/utils/wechat/qr-request';
import { FieldError } from './FieldError';

const PRESETS: { seconds: number; key: MessageKey }[] = [
  { seconds: DAY_SECONDS, key: 'preset1Day' },
  { seconds: 7 * DAY_SECONDS, key: 'preset7Days' },
  { seconds: 30 * DAY_SECONDS, key: 'preset30Days' },
];

/**
 * Lifetime of a temporary code: presets fill the seconds field, which stays editable ("custom").
 * The field named expireSeconds always holds seconds, the unit WeChat takes.
 */
export function ExpireField({ value, error, onChange }: { value: string; error?: AppError; onChange: (seconds: string) => void }) {
  const seconds = Number(value);
  const [custom, setCustom] = useState(false);
  const preset = custom ? undefined : PRESETS.find((p) => String(p.seconds) === value.trim());
  return (
    <fieldset class="field">
      <legend>{t('fieldExpire')}</legend>
      <div class="presets" role="radiogroup">
        {PRESETS.map((p) => (
          <label key={p.key} class="chip">
            <input
              type="radio"
              name="expirePreset"
              checked={preset === p}
              onChange={() => {
                setCustom(false);
                onChange(String(p.seconds));
              }}
            />
            {t(p.key)}
          </label>
        ))}
        <label class="chip">
          <input
            type="radio"
            name="expirePreset"
            checked={!preset}
            onChange={() => {
              setCustom(true);
              document.querySelector<HTMLInputElement>('input[name=expireSeconds]')?.focus();
            }}
          />
          {t('presetCustom')}
        </label>
      </div>
      <label class="inline">
        <span>{t('fieldExpireSeconds')}</span>
        <input
          name="expireSeconds"
          inputMode="numeric"
          autoComplete="off"
          value={value}
          aria-invalid={Boolean(error)}
          aria-describedby="expireSeconds-hint expireSeconds-error"
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      </label>
      <small id="expireSeconds-hint" class="hint">
        {t('hintExpire', [Number.isFinite(seconds) && seconds > 0 ? formatLifetime(seconds) : '—'])}
      </small>
      <FieldError id="expireSeconds-error" error={error} />
    </fieldset>
  );
}
