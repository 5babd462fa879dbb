import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckupResult } from '@/utils/checkup/checkup-result';
import type { MessageType, Reply } from '@/utils/messaging/messages';
import { CheckupNotice } from './CheckupNotice';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging/messages', async (importOriginal) => ({ ...(await importOriginal<object>()), sendMessage }));

const EARLIER = Date.UTC(2026, 11, 1, 2, 0);
const LATER = Date.UTC(2026, 11, 3, 2, 0);
const whitelistFailing = (at: number): CheckupResult => ({
  accountId: 'shop',
  appId: 'wx1234567890abcdef',
  at,
  lines: [
    { check: 'token', verdict: { ok: false, problem: 'ip_whitelist', fixAt: 'basic_config_whitelist', params: ['127.0.0.1'] } },
    { check: 'create', verdict: { skipped: true } },
  ],
});
const healthy = (at: number): CheckupResult => ({
  accountId: 'shop',
  appId: 'wx1234567890abcdef',
  at,
  lines: [
    { check: 'token', verdict: { ok: true } },
    { check: 'create', verdict: { ok: true } },
  ],
});

/** The background: the stored check-up found the whitelist failing; a new one answers `again`. */
function background(again: Reply<CheckupResult>) {
  sendMessage.mockImplementation(async (type: MessageType): Promise<Reply<unknown>> => {
    if (type === 'lastCheckup') return { success: true, payload: whitelistFailing(EARLIER) };
    if (type === 'runCheckup') return again;
    return { success: false, error: { code: 'internal', params: [type] } };
  });
}

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  sendMessage.mockReset();
});

async function shown() {
  container = document.createElement('div');
  document.body.append(container);
  render(<CheckupNotice accountId="shop" />, container);
  await vi.waitFor(() => expect(container!.querySelector('.checkup-notice')).not.toBeNull());
  return container;
}
const checkAgain = (root: HTMLElement) => act(async () => root.querySelector<HTMLButtonElement>('button.checkup-again')!.click());

describe('CheckupNotice: 重新体检 from the popup', () => {
  it('clears the notice when the check-up now passes, and says so with its time', async () => {
    background({ success: true, payload: healthy(LATER) });
    const root = await shown();
    expect(root.textContent).toContain('上次体检');
    await checkAgain(root);
    await vi.waitFor(() => expect(root.querySelector('.checkup-notice-cleared')).not.toBeNull());
    expect(root.querySelector('.checkup-notice')).toBeNull();
    expect(root.textContent).toContain('问题已解决');
    expect(sendMessage).toHaveBeenCalledWith('runCheckup', { accountId: 'shop' });
  });

  it('says "still" with the new time when the problem remains', async () => {
    background({ success: true, payload: whitelistFailing(LATER) });
    const root = await shown();
    await checkAgain(root);
    await vi.waitFor(() => expect(root.querySelector('.checkup-notice')!.textContent).toContain('仍发现问题'));
    expect(root.textContent).toContain('127.0.0.1');
  });

  it('a check-up that could not run keeps the earlier finding as it was and says why', async () => {
    background({ success: false, error: { code: 'secret_locked' } });
    const root = await shown();
    await checkAgain(root);
    await vi.waitFor(() => expect(root.querySelector('.checkup-again-error')).not.toBeNull());
    const text = root.querySelector('.checkup-notice')!.textContent!;
    expect(text).toContain('上次体检');
    expect(text).not.toContain('仍发现问题');
    expect(root.querySelector('.checkup-notice-cleared')).toBeNull();
  });
});
