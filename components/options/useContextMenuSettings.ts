import { useEffect, useState } from 'preact/hooks';
import type { ContextMenuSettings } from '@/utils/context-menu/settings';
import { contextMenuSettingsItem } from '@/utils/storage/items';

/** The context menu's preferences: not secret, so the options page keeps them in storage itself, through this hook. */
export function useContextMenuSettings(): { settings: ContextMenuSettings | undefined; save(settings: ContextMenuSettings): Promise<void> } {
  const [settings, setSettings] = useState<ContextMenuSettings>();
  useEffect(() => void contextMenuSettingsItem.getValue().then(setSettings), []);
  async function save(next: ContextMenuSettings) {
    await contextMenuSettingsItem.setValue(next);
    setSettings(next);
  }
  return { settings, save };
}
