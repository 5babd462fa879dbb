import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONTEXT_MENU_ID, draftFromClick, handleContextMenuClick, registerContextMenu } from './menu';
import { decodeDraft } from './draft';
import type { QrCodeRecord } from '@/utils/codes/record';
import { contextMenuSettingsItem } from '@/utils/storage/items';
import { DEFAULT_CONTEXT_MENU_SETTINGS } from './settings';

// WXT's fake browser has no contextMenus, windows.create or notifications: spy on stand-ins.
const contextMenus = { removeAll: vi.fn(async () => {}), create: vi.fn() };
const windowsCreate = vi.fn(async () => ({}));
const notificationsCreate = vi.fn(async (id: string) => id);

beforeEach(() => {
  vi.clearAllMocks();
  Object.assign(fakeBrowser, { contextMenus });
  Object.assign(fakeBrowser.windows, { create: windowsCreate });
  Object.assign(fakeBrowser, { notifications: { create: notificationsCreate } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(new Uint8Array([0x47, 0x49, 0x46]), { headers: { 'Content-Type': 'image/gif' } })),
  );
});

const click = (info: object) => ({ menuItemId: CONTEXT_MENU_ID, editable: false, ...info }) as Parameters<typeof draftFromClick>[0];

const record = { id: 'r1', scene: 'spring', ticket: 'T+/=' } as QrCodeRecord;

describe('registering the menu', () => {
  it('clears old items, then adds one localized item for links, pages and selections', async () => {
    await registerContextMenu();
    expect(contextMenus.removeAll).toHaveBeenCalledBefore(contextMenus.create);
    expect(contextMenus.create).toHaveBeenCalledWith({
      id: CONTEXT_MENU_ID,
      title: '为此链接参数生成二维码',
      contexts: ['link', 'page', 'selection'],
    });
  });
});

describe('turning a click into a draft', () => {
  it('reads the configured parameter of a link, labelled with host and path', () => {
    const draft = draftFromClick(click({ linkUrl: 'https://s.example/a?channel=fair', pageUrl: 'https://p.example/' }), DEFAULT_CONTEXT_MENU_SETTINGS);
    expect(draft).toMatchObject({
      source: 'link',
      scene: 'fair',
      paramName: 'channel',
      label: 'fair · s.example/a',
      sourceUrl: 'https://s.example/a?channel=fair',
    });
  });

  it('falls back to the page URL when no link was clicked', () => {
    const draft = draftFromClick(click({ pageUrl: 'https://p.example/?from=menu' }), DEFAULT_CONTEXT_MENU_SETTINGS);
    expect(draft).toMatchObject({ source: 'page', scene: 'menu' });
  });

  it('prefers selected text, trimmed, over any link', () => {
    const draft = draftFromClick(click({ selectionText: '  门店 ', linkUrl: 'https://s.example/?scene=x' }), DEFAULT_CONTEXT_MENU_SETTINGS);
    expect(draft).toMatchObject({ source: 'selection', scene: '门店' });
  });

  it('follows the operator order of parameter names', () => {
    const settings = { ...DEFAULT_CONTEXT_MENU_SETTINGS, paramNames: ['ref', 'channel'] };
    expect(draftFromClick(click({ linkUrl: 'https://s.example/?channel=a&ref=b' }), settings).scene).toBe('b');
  });

  it('marks a javascript: link unreadable and carries no source URL', () => {
    const draft = draftFromClick(click({ linkUrl: 'javascript:void(0)?scene=x' }), DEFAULT_CONTEXT_MENU_SETTINGS);
    expect(draft).toMatchObject({ unreadableLink: true, scene: '' });
    expect(draft.sourceUrl).toBeUndefined();
  });
});

describe('handling a click', () => {
  it('opens the create window with the draft in its URL', async () => {
    const createCode = vi.fn();
    await handleContextMenuClick(click({ linkUrl: 'https://s.example/?scene=abc' }), createCode);
    expect(createCode).not.toHaveBeenCalled();
    const url = (windowsCreate.mock.calls[0] as unknown as [{ url: string }])[0].url;
    expect(decodeDraft(new URL(url).hash)?.scene).toBe('abc');
  });

  it('ignores other menu items', async () => {
    await handleContextMenuClick({ ...click({}), menuItemId: 'other' }, vi.fn());
    expect(windowsCreate).not.toHaveBeenCalled();
  });

  it('with "create immediately", creates a temporary code with its source and notifies, no window', async () => {
    await contextMenuSettingsItem.setValue({ ...DEFAULT_CONTEXT_MENU_SETTINGS, createImmediately: true });
    const createCode = vi.fn(async () => record);
    await handleContextMenuClick(click({ linkUrl: 'https://s.example/?scene=spring' }), createCode);
    expect(createCode).toHaveBeenCalledWith({
      actionName: 'QR_STR_SCENE',
      scene: 'spring',
      expireSeconds: 2592000,
      label: 'spring · s.example',
      sourceUrl: 'https://s.example/?scene=spring',
    });
    expect(notificationsCreate).toHaveBeenCalledWith('scene-qr-r1', expect.objectContaining({ type: 'image', imageUrl: 'data:image/gif;base64,R0lG' }));
    expect(windowsCreate).not.toHaveBeenCalled();
  });

  it('never creates a permanent code without asking', async () => {
    await contextMenuSettingsItem.setValue({ ...DEFAULT_CONTEXT_MENU_SETTINGS, actionName: 'QR_LIMIT_STR_SCENE', createImmediately: true });
    const createCode = vi.fn();
    await handleContextMenuClick(click({ linkUrl: 'https://s.example/?scene=x' }), createCode);
    expect(createCode).not.toHaveBeenCalled();
    expect(windowsCreate).toHaveBeenCalledOnce();
  });

  it('opens the window when the immediate create fails, so the operator sees why', async () => {
    await contextMenuSettingsItem.setValue({ ...DEFAULT_CONTEXT_MENU_SETTINGS, createImmediately: true });
    await handleContextMenuClick(
      click({ linkUrl: 'https://s.example/?scene=x' }),
      vi.fn(async () => Promise.reject(new Error('45009'))),
    );
    expect(windowsCreate).toHaveBeenCalledOnce();
  });

  it('opens the window when there is no scene to create immediately', async () => {
    await contextMenuSettingsItem.setValue({ ...DEFAULT_CONTEXT_MENU_SETTINGS, createImmediately: true });
    const createCode = vi.fn();
    await handleContextMenuClick(click({ linkUrl: 'https://s.example/?nothing=here' }), createCode);
    expect(createCode).not.toHaveBeenCalled();
    expect(windowsCreate).toHaveBeenCalledOnce();
  });
});
