import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicAccount, PublicSettings } from '@/utils/messaging/messages';
import { LockOffer, offersLock } from './LockOffer';
import { LockSection } from './LockSection';

const send = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging/messages', () => ({ sendMessage: send }));

const ACCOUNT: PublicAccount = { id: 'a1', name: '门店号', appId: 'wx0123456789abcdef', tokenSource: 'stable', hasSecret: true };
const PASTED: PublicAccount = { ...ACCOUNT, id: 'a2', tokenSource: 'pasted', hasSecret: false };

function settingsWith(accounts: PublicAccount[], lock = { enabled: false, unlocked: false }): PublicSettings {
  return {
    appId: '',
    hasSecret: false,
    tokenSource: 'stable',
    configured: false,
    currentAccountId: accounts[0]?.id ?? null,
    accounts,
    lock,
    needsUnlock: false,
  };
}
const LOCKED_ON = { enabled: true, unlocked: true };

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
});
beforeEach(() => send.mockReset());

/** Mounts a section that re-renders with the settings it reports, as OptionsApp does. */
function mount(Section: typeof LockOffer | typeof LockSection, initial: PublicSettings) {
  container = document.createElement('div');
  document.body.append(container);
  const draw = (settings: PublicSettings) => render(<Section settings={settings} onChange={draw} />, container!);
  void act(() => draw(initial));
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
const button = (text: string) => [...document.querySelectorAll('button')].find((el) => el.textContent === text)!;

async function type(name: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(text: string) {
  await act(async () => {
    button(text).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('the first-run offer of the lock', () => {
  it('is made while no credential is stored and no lock set, and not once either exists', () => {
    expect(offersLock(settingsWith([]))).toBe(true);
    expect(offersLock(settingsWith([PASTED]))).toBe(true);
    expect(offersLock(settingsWith([ACCOUNT]))).toBe(false);
    expect(offersLock(settingsWith([{ ...PASTED, tokenSource: 'server', hasTokenServerHeader: true }]))).toBe(false);
    expect(offersLock(settingsWith([], LOCKED_ON))).toBe(false);
  });

  it('can be skipped, and is then gone', async () => {
    mount(LockOffer, settingsWith([]));
    expect(byTestId('lock-offer')?.textContent).toContain('先开启口令锁？');
    await click('跳过');
    expect(byTestId('lock-offer')).toBeNull();
    expect(send).not.toHaveBeenCalled();
  });

  it('sets the passphrase typed in it, then says the AppSecret saved next is sealed from the start', async () => {
    send.mockResolvedValue({ success: true, payload: settingsWith([], LOCKED_ON) });
    mount(LockOffer, settingsWith([]));
    await click('先设口令');
    await type('firstPassphrase', '芝麻开门');
    await type('firstConfirmPassphrase', '芝麻开门');
    await click('开启，再填 AppSecret');
    expect(send).toHaveBeenCalledWith('setPassphrase', { passphrase: '芝麻开门', confirm: '芝麻开门' });
    expect(byTestId('lock-offer')).toBeNull();
    expect(document.querySelector('[role=status]')?.textContent).toContain('接下来保存的 AppSecret 从一开始就加密保存');
  });

  it("shows the background's refusal and stays", async () => {
    send.mockResolvedValue({ success: false, error: { code: 'secret_passphrase_mismatch', field: 'confirm' } });
    mount(LockOffer, settingsWith([]));
    await click('先设口令');
    await click('开启，再填 AppSecret');
    expect(byTestId('lock-offer')).not.toBeNull();
    expect(document.querySelector('[role=alert]')).not.toBeNull();
  });
});

describe('turning the lock on over saved accounts', () => {
  it('warns beforehand that secrets saved before may survive on disk, and afterwards says to reset them', async () => {
    send.mockResolvedValue({ success: true, payload: settingsWith([ACCOUNT], LOCKED_ON) });
    mount(LockSection, settingsWith([ACCOUNT]));
    expect(byTestId('lock-earlier-secrets')?.textContent).toContain('可能仍以明文留在浏览器的磁盘文件里');
    await type('passphrase', '芝麻开门');
    await type('confirmPassphrase', '芝麻开门');
    await click('开启口令锁');
    expect(byTestId('lock-state')?.textContent).toContain('已开启，已解锁');
    expect(byTestId('lock-earlier-secrets')).toBeNull();
    expect(byTestId('lock-rotate')?.textContent).toContain('公众平台 → 设置与开发 → 基本配置 → AppSecret 重置');
    // The advice belongs to that moment: the next action (here: lock now) replaces it.
    send.mockResolvedValue({ success: true, payload: settingsWith([ACCOUNT], { enabled: true, unlocked: false }) });
    await click('立即上锁');
    expect(byTestId('lock-rotate')).toBeNull();
  });

  it('has nothing to warn about with no account saved', async () => {
    send.mockResolvedValue({ success: true, payload: settingsWith([], LOCKED_ON) });
    mount(LockSection, settingsWith([]));
    expect(byTestId('lock-earlier-secrets')).toBeNull();
    await type('passphrase', '芝麻开门');
    await type('confirmPassphrase', '芝麻开门');
    await click('开启口令锁');
    expect(byTestId('lock-state')?.textContent).toContain('已开启，已解锁');
    expect(byTestId('lock-rotate')).toBeNull();
  });

  it("follows a lock set elsewhere on the page (the first-run offer): its form becomes the unlocked state's buttons", () => {
    mount(LockSection, settingsWith([]));
    expect(document.querySelector('[name=passphrase]')).not.toBeNull();
    void act(() => render(<LockSection settings={settingsWith([], LOCKED_ON)} onChange={() => {}} />, container!));
    expect(document.querySelector('[name=passphrase]')).toBeNull();
    expect(button('立即上锁')).toBeDefined();
  });
});
