import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AppFailure } from './app-error';
import { type MessageHandlers, createMessageRouter, isOwnExtensionPage } from './router';
import type { PublicSettings } from './messages';

const SETTINGS: PublicSettings = {
  appId: 'wx0123456789abcdef',
  hasSecret: true,
  tokenSource: 'stable',
  configured: true,
  currentAccountId: 'a1',
  accounts: [],
  lock: { enabled: false, unlocked: false },
  needsUnlock: false,
};

const notUsed = () =>
  vi.fn(async (): Promise<never> => {
    throw new Error('not used');
  });

function handlers() {
  return {
    getSettings: vi.fn(async () => SETTINGS),
    saveAccount: vi.fn(async () => SETTINGS),
    removeAccount: vi.fn(async () => SETTINGS),
    switchAccount: vi.fn(async () => SETTINGS),
    pasteToken: vi.fn(async () => SETTINGS),
    setPassphrase: vi.fn(async () => SETTINGS),
    removePassphrase: vi.fn(async () => SETTINGS),
    unlock: vi.fn(async () => SETTINGS),
    lockNow: vi.fn(async () => SETTINGS),
    testConnection: vi.fn(async () => ({ appId: SETTINGS.appId })),
    createQrCode: vi.fn(async () => {
      throw new Error('not used');
    }),
    renewQrCode: vi.fn(async () => {
      throw new Error('not used');
    }),
    getPushServer: vi.fn(async () => ({ accountId: 'a1', accountName: 'Shop', url: '', originalId: '', hasToken: false })),
    savePushServer: vi.fn(async () => ({ accountId: 'a1', accountName: 'Shop', url: '', originalId: '', hasToken: false })),
    sendTestPush: vi.fn(async () => {
      throw new Error('not used');
    }),
    verifyServer: vi.fn(async () => {
      throw new Error('not used');
    }),
    startBatch: notUsed(),
    startRenewal: notUsed(),
    getBatch: notUsed(),
    pauseBatch: notUsed(),
    resumeBatch: notUsed(),
    cancelBatch: notUsed(),
    retryFailedBatch: notUsed(),
    reportStatus: vi.fn(async () => ({ accountId: 'a1', appId: SETTINGS.appId, refresh: null })),
    startReportRefresh: vi.fn(async () => {
      throw new Error('not used');
    }),
    resumeReportRefresh: vi.fn(async () => null),
    pauseReportRefresh: vi.fn(async () => null),
    cancelReportRefresh: vi.fn(async () => null),
    getSyncSettings: notUsed(),
    saveSyncSettings: notUsed(),
    removeSyncSettings: notUsed(),
    testSyncServer: notUsed(),
    syncStatus: notUsed(),
    syncNow: notUsed(),
    previewSyncRestore: notUsed(),
    runCheckup: notUsed(),
    lastCheckup: notUsed(),
    quotaToday: notUsed(),
    lookupRid: notUsed(),
    resetQuota: notUsed(),
    followerTags: notUsed(),
    createFollowerTag: notUsed(),
    renameFollowerTag: notUsed(),
    taggingEstimate: notUsed(),
    startTagging: notUsed(),
    taggingStatus: notUsed(),
    confirmTagging: notUsed(),
    pauseTagging: notUsed(),
    resumeTagging: notUsed(),
    cancelTagging: notUsed(),
    undoTagging: notUsed(),
    channelGroups: notUsed(),
    deleteChannelGroup: notUsed(),
  } satisfies MessageHandlers;
}

type Sender = Browser.runtime.MessageSender;

const popupSender = (): Sender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

describe('createMessageRouter: who may talk to the background', () => {
  it('dispatches a message from the popup (own id, own extension URL) and wraps the answer', async () => {
    const h = handlers();
    const reply = await createMessageRouter(h)({ type: 'getSettings' }, popupSender());
    expect(reply).toEqual({ success: true, payload: SETTINGS });
    expect(h.getSettings).toHaveBeenCalledTimes(1);
  });

  it('passes the message input to the handler', async () => {
    const h = handlers();
    const input = { appId: 'wx0123456789abcdef', tokenSource: 'stable' as const };
    await createMessageRouter(h)({ type: 'saveAccount', input }, popupSender());
    expect(h.saveAccount).toHaveBeenCalledWith(input);
  });

  it('dispatches a message from the options page too', async () => {
    const h = handlers();
    const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    expect(await createMessageRouter(h)({ type: 'testConnection' }, sender)).toEqual({ success: true, payload: { appId: SETTINGS.appId } });
  });

  it('refuses a content script (own extension id, but sender.url is the web page) without calling the handler', async () => {
    const h = handlers();
    const sender: Sender = { id: fakeBrowser.runtime.id, url: 'https://example.com/page', tab: { id: 3 } as Browser.tabs.Tab };
    expect(await createMessageRouter(h)({ type: 'getSettings' }, sender)).toEqual({ success: false, error: { code: 'forbidden_sender' } });
    expect(h.getSettings).not.toHaveBeenCalled();
  });

  it('refuses another extension (different id, its own chrome-extension URL) without calling the handler', async () => {
    const h = handlers();
    const sender: Sender = { id: 'some-other-extension', url: 'chrome-extension://some-other-extension/page.html' };
    expect(await createMessageRouter(h)({ type: 'getSettings' }, sender)).toEqual({ success: false, error: { code: 'forbidden_sender' } });
    expect(h.getSettings).not.toHaveBeenCalled();
  });

  it('refuses another extension even if it claims one of our page URLs', async () => {
    const h = handlers();
    const sender: Sender = { id: 'some-other-extension', url: fakeBrowser.runtime.getURL('/popup.html') };
    expect(await createMessageRouter(h)({ type: 'createQrCode', input: {} }, sender)).toEqual({
      success: false,
      error: { code: 'forbidden_sender' },
    });
    expect(h.createQrCode).not.toHaveBeenCalled();
  });

  it('refuses a sender without a URL', async () => {
    const h = handlers();
    expect(await createMessageRouter(h)({ type: 'getSettings' }, { id: fakeBrowser.runtime.id })).toMatchObject({ success: false });
    expect(h.getSettings).not.toHaveBeenCalled();
  });

  it('does not mistake a host that merely starts with our extension id for our origin', () => {
    const id = fakeBrowser.runtime.id;
    expect(isOwnExtensionPage({ id, url: `chrome-extension://${id}.evil.example/popup.html` })).toBe(false);
    expect(isOwnExtensionPage({ id, url: `https://evil.example/chrome-extension://${id}/` })).toBe(false);
  });
});

describe('createMessageRouter: replies', () => {
  it('turns a thrown AppFailure into {success:false, error} with the error value unchanged', async () => {
    const h = handlers();
    const error = { code: 'wechat_daily_quota' as const, errcode: 45009, errmsg: 'reach max api daily quota limit', rid: 'q-1' };
    h.testConnection.mockRejectedValueOnce(new AppFailure(error));
    expect(await createMessageRouter(h)({ type: 'testConnection' }, popupSender())).toEqual({ success: false, error });
  });

  it('turns any other thrown error into code internal with its message, never a rejection', async () => {
    const h = handlers();
    h.getSettings.mockRejectedValueOnce(new Error('kaputt'));
    expect(await createMessageRouter(h)({ type: 'getSettings' }, popupSender())).toEqual({
      success: false,
      error: { code: 'internal', params: ['kaputt'] },
    });
  });

  it.each([
    ['an unknown type', { type: 'deleteEverything' }],
    ['an inherited property name as type', { type: 'toString' }],
    ['__proto__ as type', { type: '__proto__' }],
    ['a message without a type', { input: 1 }],
    ['a non-string type', { type: 42 }],
    ['null', null],
    ['a string', 'getSettings'],
  ])('returns undefined for %s, leaving the message to other listeners', (_, message) => {
    const h = handlers();
    expect(createMessageRouter(h)(message, popupSender())).toBeUndefined();
    for (const handler of Object.values(h)) expect(handler).not.toHaveBeenCalled();
  });
});
