import { type Browser, browser } from 'wxt/browser';
import { type CreateDraft, encodeDraft } from './draft';
import { t } from '@/utils/i18n/t';
import { labelFor, pickSceneParam, readLinkParams } from './link-params';
import type { QrCodeRecord } from '@/utils/codes/record';
import { type QrRequestInput, isPermanent } from '@/utils/wechat/qr-request';
import { contextMenuSettingsItem } from '@/utils/storage/items';
import { type ContextMenuSettings } from './settings';
import { showCreatedNotification } from './notification';

export const CONTEXT_MENU_ID = 'scene-qr-link-param';

/**
 * Menu items survive service-worker restarts but are (re)made on install, update and browser
 * start; removeAll first, so a second registration never fails on a duplicate id.
 */
export async function registerContextMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: CONTEXT_MENU_ID, title: t('contextMenuTitle'), contexts: ['link', 'page', 'selection'] });
}

/** Turns a click into a draft: selected text as it is, else the link's (or page's) parameter. */
export function draftFromClick(info: Browser.contextMenus.OnClickData, settings: ContextMenuSettings): CreateDraft {
  const base = { actionName: settings.actionName, expireSeconds: settings.expireSeconds, params: [] as [string, string][] };
  const selection = info.selectionText?.trim();
  if (selection) return { ...base, source: 'selection', sourceUrl: info.pageUrl, scene: selection, label: selection };
  const source = info.linkUrl ? 'link' : 'page';
  const url = info.linkUrl ?? info.pageUrl ?? '';
  const link = readLinkParams(url);
  if (!link) return { ...base, source, unreadableLink: true, scene: '', label: '' };
  const picked = pickSceneParam(link, settings.paramNames);
  return {
    ...base,
    source,
    sourceUrl: url,
    params: link.params,
    scene: picked?.[1] ?? '',
    paramName: picked?.[0],
    label: picked ? labelFor(picked[1], link) : '',
  };
}

export function createWindowUrl(draft: CreateDraft): string {
  return `${browser.runtime.getURL('/create.html')}#${encodeDraft(draft)}`;
}

export async function openCreateWindow(draft: CreateDraft): Promise<void> {
  await browser.windows.create({ url: createWindowUrl(draft), type: 'popup', width: 440, height: 760, focused: true });
}

export type CreateCode = (input: QrRequestInput) => Promise<QrCodeRecord>;

/**
 * The menu's click handler. With "create immediately", a temporary code whose scene was found is
 * made at once and shown in a notification; a permanent one always asks first (100,000 for ever).
 * Anything that needs the operator (no scene, a failure) opens the create window.
 */
export async function handleContextMenuClick(info: Browser.contextMenus.OnClickData, createCode: CreateCode): Promise<void> {
  if (info.menuItemId !== CONTEXT_MENU_ID) return;
  const settings = await contextMenuSettingsItem.getValue();
  const draft = draftFromClick(info, settings);
  if (settings.createImmediately && !isPermanent(draft.actionName) && draft.scene) {
    try {
      const input = { actionName: draft.actionName, scene: draft.scene, expireSeconds: draft.expireSeconds, label: draft.label, sourceUrl: draft.sourceUrl };
      await showCreatedNotification(await createCode(input));
      return;
    } catch {
      // Fall through: the window shows the scene, and pressing Enter there explains the error.
    }
  }
  await openCreateWindow(draft);
}
