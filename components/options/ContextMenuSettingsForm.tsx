import { useEffect, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { type ActionName, validateExpireSeconds } from '@/utils/wechat/qr-request';
import { DEFAULT_CONTEXT_MENU_SETTINGS } from '@/utils/context-menu/settings';
import { AppFailure } from '@/utils/messaging/app-error';
import { ActionNameSelect } from '@/components/shared/ActionNameSelect';
import { FieldError } from '@/components/shared/FieldError';
import { useContextMenuSettings } from './useContextMenuSettings';

/** "a, b\nc" → ['a', 'b', 'c']: one per line or comma-separated (full-width commas too), no repeats. */
export function parseParamNames(text: string): string[] {
  return [...new Set(text.split(/[\s,，]+/).filter(Boolean))];
}

/** The context menu's preferences (kept by the page itself: useContextMenuSettings). */
export function ContextMenuSettingsForm() {
  const [names, setNames] = useState('');
  const [actionName, setActionName] = useState<ActionName>(DEFAULT_CONTEXT_MENU_SETTINGS.actionName);
  const [expire, setExpire] = useState('');
  const [immediate, setImmediate] = useState(false);
  const [expireError, setExpireError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const stored = useContextMenuSettings();

  useEffect(() => {
    if (!stored.settings) return;
    setNames(stored.settings.paramNames.join(', '));
    setActionName(stored.settings.actionName);
    setExpire(String(stored.settings.expireSeconds));
    setImmediate(stored.settings.createImmediately);
  }, [stored.settings]);

  async function save(event: Event) {
    event.preventDefault();
    setSaved(false);
    let expireSeconds: number;
    try {
      expireSeconds = validateExpireSeconds(expire);
    } catch (thrown) {
      if (thrown instanceof AppFailure) return setExpireError(thrown.error);
      throw thrown;
    }
    setExpireError(undefined);
    const paramNames = parseParamNames(names);
    await stored.save({
      paramNames: paramNames.length > 0 ? paramNames : DEFAULT_CONTEXT_MENU_SETTINGS.paramNames,
      actionName,
      expireSeconds,
      createImmediately: immediate,
    });
    setNames((paramNames.length > 0 ? paramNames : DEFAULT_CONTEXT_MENU_SETTINGS.paramNames).join(', '));
    setSaved(true);
  }

  return (
    <form class="context-menu-settings" onSubmit={save} noValidate>
      <h2>{t('optionsContextMenu')}</h2>
      <label class="field">
        <span>{t('fieldParamNames')}</span>
        <textarea name="paramNames" rows={2} value={names} onInput={(e) => setNames(e.currentTarget.value)} />
        <small class="hint">{t('hintParamNames')}</small>
      </label>
      <label class="field">
        <span>{t('fieldMenuKind')}</span>
        <ActionNameSelect name="menuActionName" value={actionName} onChange={setActionName} />
      </label>
      <label class="field">
        <span>{t('fieldMenuExpire')}</span>
        <input
          name="menuExpireSeconds"
          inputMode="numeric"
          value={expire}
          aria-describedby="menuExpire-error"
          onInput={(e) => setExpire(e.currentTarget.value)}
        />
        <FieldError id="menuExpire-error" error={expireError} />
      </label>
      <label class="choice">
        <input type="checkbox" name="createImmediately" checked={immediate} onChange={(e) => setImmediate(e.currentTarget.checked)} />
        {t('fieldCreateImmediately')}
      </label>
      <div class="actions">
        <button type="submit" class="primary">
          {t('saveMenuSettings')}
        </button>
      </div>
      {saved && (
        <p class="status" role="status">
          {t('saved')}
        </p>
      )}
    </form>
  );
}
