import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageType, Reply } from '@/utils/messaging/messages';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import type { SyncStatus } from '@/utils/sync/sync-status';
import { SyncStatusBar } from './SyncStatusBar';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging/messages', async (importOriginal) => ({ ...(await importOriginal<object>()), sendMessage }));

const APP_ID = 'wx0123456789abcdef';
const PREVIEW = { appId: APP_ID, codes: 120, permanent: 7, sampleLabels: ['国贸店海报', '春季活动'], deletions: 2 };

/** The background as the bar asks it: sync set up, the status given, a preview, Sync now. */
function background(status: SyncStatus) {
  const asked: MessageType[] = [];
  sendMessage.mockImplementation(async (type: MessageType): Promise<Reply<unknown>> => {
    asked.push(type);
    if (type === 'getSyncSettings') return { success: true, payload: { configured: true } };
    if (type === 'syncStatus') return { success: true, payload: status };
    if (type === 'previewSyncRestore') return { success: true, payload: PREVIEW };
    if (type === 'syncNow') return { success: true, payload: { ...status, state: 'idle', neverSynced: false } };
    return { success: false, error: { code: 'internal', params: [type] } };
  });
  return asked;
}

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
});

async function show(): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  await act(async () => render(<SyncStatusBar accountId="a1" appId={APP_ID} />, container!));
  await vi.waitFor(() => expect(container!.querySelector('[data-testid=sync-status]')).not.toBeNull());
  return container;
}

const click = (button: Element | null | undefined) => act(() => (button as HTMLButtonElement).click());
const button = (root: HTMLElement, text: string) => [...root.querySelectorAll('button')].find((one) => one.textContent === text);

describe('SyncStatusBar', () => {
  it('on a profile that never synced: shows what a restore brings in before anything syncs, and syncs only on confirm', async () => {
    const asked = background({ appId: APP_ID, state: 'idle', waiting: 0, neverSynced: true });
    const root = await show();
    await vi.waitFor(() => expect(button(root, '恢复到此浏览器')).toBeDefined());
    await click(button(root, '恢复到此浏览器'));
    await vi.waitFor(() => expect(root.querySelector('[data-testid=sync-restore-preview]')).not.toBeNull());
    expect(root.querySelector('[data-testid=sync-restore-preview]')!.textContent).toBe(
      '将从服务器取回 120 个二维码（其中永久码 7 个），并删除其他浏览器已删除的 2 个。',
    );
    expect(root.textContent).toContain('国贸店海报');
    expect(asked).not.toContain('syncNow');
    await click(button(root, '确认恢复'));
    await vi.waitFor(() => expect(asked).toContain('syncNow'));
  });

  it('a paused sync says why and what to do; the live status on the progress channel replaces it', async () => {
    background({
      appId: APP_ID,
      state: 'paused',
      waiting: 4,
      lastSyncedAt: 1_700_000_000_000,
      error: { code: 'webdav_space_full', params: ['https://dav.example.com', '507'] },
    });
    const root = await show();
    await vi.waitFor(() => expect(root.querySelector('[data-testid=sync-status]')!.getAttribute('data-state')).toBe('paused'));
    expect(root.querySelector('[data-testid=sync-waiting]')!.getAttribute('data-count')).toBe('4');
    expect(root.querySelector('[role=alert]')!.textContent).toContain('https://dav.example.com');
    await act(() => publishJobProgress('sync', APP_ID, { appId: APP_ID, state: 'idle', waiting: 0, lastSyncedAt: 1_700_000_100_000 }));
    await vi.waitFor(() => expect(root.querySelector('[data-testid=sync-status]')!.getAttribute('data-state')).toBe('idle'));
    expect(root.querySelector('[role=alert]')).toBeNull();
  });
});
