import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageType, Reply } from '@/utils/messaging/messages';
import { saveCode } from '@/utils/storage/history-db';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import { DAY, NOW, code } from '@/test/unit/records';
import { HQ, SHOP, settingsWith } from '@/test/unit/settings';
import { PopupApp } from './PopupApp';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging/messages', async (importOriginal) => ({ ...(await importOriginal<object>()), sendMessage }));

/** The background as far as the popup asks it: the settings, and switching the current account. */
function background(current = SHOP) {
  let settings = settingsWith(current);
  sendMessage.mockImplementation(async (type: MessageType, input?: { id: string }): Promise<Reply<unknown>> => {
    if (type === 'getSettings') return { success: true, payload: settings };
    if (type === 'switchAccount') {
      settings = settingsWith([SHOP, HQ].find((one) => one.id === input!.id)!);
      return { success: true, payload: settings };
    }
    return { success: false, error: { code: 'internal', params: [type] } };
  });
}

let container: HTMLElement | undefined;
beforeEach(async () => {
  // Six of 门店号's codes and two of 总部号's, interleaved in time; the newest is 总部号's.
  for (let i = 0; i < 8; i++) {
    const hq = i === 2 || i === 7;
    await saveCode(code(`c${i}`, { appId: hq ? HQ.appId : SHOP.appId, scene: `${hq ? 'hq' : 'shop'}-${i}`, createdAt: NOW + i * DAY }));
  }
});
afterEach(async () => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  await resetHistoryDatabase();
});

const recentScenes = () => [...container!.querySelectorAll('[data-testid=recent-list] .scene')].map((el) => el.textContent);
const recentAccount = () => container!.querySelector('[data-testid=recent-account]')?.textContent;

describe('PopupApp: 最近生成', () => {
  it("lists the current account's newest codes only, and names the account", async () => {
    background(SHOP);
    container = document.createElement('div');
    document.body.append(container);
    render(<PopupApp />, container);
    // After the settings reply, the lazy history chunk and the IndexedDB cursor.
    await vi.waitFor(() => expect(recentScenes()).toEqual(['shop-6', 'shop-5', 'shop-4', 'shop-3', 'shop-1']));
    expect(recentAccount()).toContain('门店号');
  });

  it("follows the account switcher at once, and drops the card of the other account's code", async () => {
    background(SHOP);
    container = document.createElement('div');
    document.body.append(container);
    render(<PopupApp />, container);
    await vi.waitFor(() => expect(recentScenes()).toHaveLength(5));
    await act(async () => container!.querySelector<HTMLButtonElement>('[data-testid=recent-list] button')!.click());
    expect(container.querySelector('[data-testid=result] .scene')?.textContent).toBe('shop-6');
    const select = container.querySelector<HTMLSelectElement>('select[name=account]')!;
    await act(async () => {
      select.value = HQ.id;
      select.dispatchEvent(new Event('change'));
    });
    await vi.waitFor(() => expect(recentScenes()).toEqual(['hq-7', 'hq-2']));
    expect(recentAccount()).toContain('总部号');
    expect(container.querySelector('[data-testid=result]')).toBeNull();
  });
});
