import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Reply } from '@/utils/messaging/messages';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { QrRequestInput } from '@/utils/wechat/qr-request';
import { wechatError } from '@/utils/wechat/errors';
import { CreateForm } from './CreateForm';

const RECORD: QrCodeRecord = {
  id: 'rec-1',
  appId: 'wx0123456789abcdef',
  actionName: 'QR_STR_SCENE',
  scene: 'store-42',
  label: '',
  ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v+/==',
  url: 'http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI',
  expireSeconds: 2592000,
  createdAt: 1_700_000_000_000,
  expiresAt: 1_700_000_000_000 + 2592000 * 1000,
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let container: HTMLElement | undefined;

afterEach(() => {
  if (container) {
    render(null, container);
    container.remove();
    container = undefined;
  }
});

function mount(create = vi.fn(async (_: QrRequestInput): Promise<Reply<QrCodeRecord>> => ({ success: true, payload: RECORD }))) {
  const onCreated = vi.fn();
  container = document.createElement('div');
  document.body.append(container);
  void act(() => render(<CreateForm create={create} onCreated={onCreated} />, container!));
  return { create, onCreated };
}

const form = () => document.querySelector('form')!;
const control = <T extends Element = HTMLInputElement>(name: string) => form().querySelector<T & Element>(`[name="${name}"]`);
const submitButton = () => form().querySelector<HTMLButtonElement>('button[type="submit"]')!;
const alerts = () => [...document.querySelectorAll('[role="alert"]')].map((el) => el.textContent ?? '');

/** Lets pending promises (the create reply) settle and Preact re-render. */
async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function type(name: string, value: string) {
  const input = control(name)!;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function chooseAction(value: string) {
  const select = control<HTMLSelectElement>('actionName')!;
  await act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function clickSubmit() {
  await act(() => submitButton().click());
  await settle();
}

/**
 * Enter in a text field, as a browser handles it (HTML "implicit submission"; happy-dom does not
 * implement it): unless keydown is prevented, the form's default button — its first submit
 * button — is clicked, and nothing happens when that button is disabled.
 */
async function pressEnter(input: HTMLInputElement) {
  await act(() => {
    const proceed = input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
    if (!proceed || !input.form) return;
    const defaultButton = [...input.form.elements].find(
      (el): el is HTMLButtonElement | HTMLInputElement =>
        (el instanceof HTMLButtonElement && el.type === 'submit') || (el instanceof HTMLInputElement && el.type === 'submit'),
    );
    if (defaultButton && !defaultButton.disabled) defaultButton.click();
  });
  await settle();
}

function presetRadio(label: string): HTMLInputElement {
  const chip = [...form().querySelectorAll('label.chip')].find((el) => el.textContent?.trim() === label);
  if (!chip) throw new Error(`no preset labelled ${label}`);
  return chip.querySelector('input')!;
}

describe('CreateForm controls', () => {
  it('has controls named actionName, sceneStr, expireSeconds and label for the default (temporary string) kind', () => {
    mount();
    expect(control<HTMLSelectElement>('actionName')?.value).toBe('QR_STR_SCENE');
    expect(control('sceneStr')).not.toBeNull();
    expect(control('expireSeconds')?.value).toBe('2592000');
    expect(control('label')).not.toBeNull();
  });

  it('offers the four action names and shows a sceneId control for number scenes', async () => {
    mount();
    const options = [...control<HTMLSelectElement>('actionName')!.querySelectorAll('option')].map((o) => o.value);
    expect(options).toEqual(['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE']);

    await chooseAction('QR_SCENE');
    expect(control('sceneId')).not.toBeNull();
    expect(control('sceneStr')).toBeNull();
  });
});

describe('CreateForm validation', () => {
  it('an out-of-range permanent scene id shows an alert stating the limit 100000, and create is not called', async () => {
    const { create } = mount();
    await chooseAction('QR_LIMIT_SCENE');
    await type('sceneId', '100001');
    await clickSubmit();

    expect(alerts()).toContain('场景值超出范围：必须在 1 到 100000 之间。');
    expect(control('sceneId')!.getAttribute('aria-invalid')).toBe('true');
    expect(create).not.toHaveBeenCalled();
  });

  it('the field error is the element the scene field is described by', async () => {
    mount();
    await chooseAction('QR_SCENE');
    await type('sceneId', '1e3');
    await clickSubmit();

    const describedBy = control('sceneId')!.getAttribute('aria-describedby')!.split(' ');
    const error = document.getElementById('sceneId-error');
    expect(describedBy).toContain('sceneId-error');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toContain('4294967295');
  });

  it('22 Chinese characters show an alert naming 66 bytes against the 64-byte limit, and create is not called', async () => {
    const { create } = mount();
    await type('sceneStr', '一'.repeat(22));
    await clickSubmit();

    expect(alerts().join('\n')).toContain('66 字节，最多 64 字节');
    expect(create).not.toHaveBeenCalled();
  });

  it('an empty scene is refused with an alert and create is not called', async () => {
    const { create } = mount();
    await clickSubmit();
    expect(alerts().join('\n')).toContain('请填写场景值');
    expect(create).not.toHaveBeenCalled();
  });

  it('an expire value of 59 shows the range 60 … 2592000 and create is not called', async () => {
    const { create } = mount();
    await type('sceneStr', 'store-42');
    await type('expireSeconds', '59');
    await clickSubmit();
    expect(alerts().join('\n')).toContain('60 到 2592000');
    expect(create).not.toHaveBeenCalled();
  });

  it('shows no error before the first submit', async () => {
    mount();
    await type('sceneStr', '一'.repeat(22));
    expect(alerts()).toEqual([]);
  });
});

describe('CreateForm submission', () => {
  it('Enter in the scene field submits the form with what was typed', async () => {
    const { create, onCreated } = mount();
    await type('sceneStr', 'store-42');
    await type('label', '  门店海报  ');
    await pressEnter(control('sceneStr')!);

    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith({ actionName: 'QR_STR_SCENE', scene: 'store-42', expireSeconds: '2592000', label: '门店海报' });
    expect(onCreated).toHaveBeenCalledWith(RECORD);
  });

  it('Enter in a number scene field submits it trimmed', async () => {
    const { create } = mount();
    await chooseAction('QR_LIMIT_SCENE');
    await type('sceneId', ' 100000 ');
    await pressEnter(control('sceneId')!);
    expect(create).toHaveBeenCalledWith({ actionName: 'QR_LIMIT_SCENE', scene: '100000', expireSeconds: undefined, label: '' });
  });

  it('disables the submit button while the create promise is pending, and enables it after the reply', async () => {
    const reply = deferred<Reply<QrCodeRecord>>();
    const { create, onCreated } = mount(vi.fn(() => reply.promise));
    await type('sceneStr', 'store-42');
    await clickSubmit();

    expect(create).toHaveBeenCalledTimes(1);
    expect(submitButton().disabled).toBe(true);
    expect(submitButton().getAttribute('aria-busy')).toBe('true');
    expect(submitButton().textContent).toBe('正在生成…');

    await act(() => reply.resolve({ success: true, payload: RECORD }));
    await settle();
    expect(submitButton().disabled).toBe(false);
    expect(submitButton().textContent).toBe('生成二维码');
    expect(onCreated).toHaveBeenCalledWith(RECORD);
  });

  it('a second submit while the first is pending does not call create again', async () => {
    const reply = deferred<Reply<QrCodeRecord>>();
    const { create } = mount(vi.fn(() => reply.promise));
    await type('sceneStr', 'store-42');
    await pressEnter(control('sceneStr')!);
    await pressEnter(control('sceneStr')!);
    await act(() => form().requestSubmit());
    await settle();

    expect(create).toHaveBeenCalledTimes(1);
    await act(() => reply.resolve({ success: true, payload: RECORD }));
    await settle();
  });

  it('a failed reply shows the explained error in an alert (IP, IP白名单 and rid) and does not report a code', async () => {
    const error = wechatError(40164, 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6543-abc');
    const { onCreated } = mount(vi.fn(async () => ({ success: false as const, error })));
    await type('sceneStr', 'store-42');
    await clickSubmit();

    const alert = alerts().join('\n');
    expect(alert).toContain('203.0.113.7');
    expect(alert).toContain('IP白名单');
    expect(alert).toContain('rid：6543-abc');
    expect(onCreated).not.toHaveBeenCalled();
    expect(submitButton().disabled).toBe(false);
  });

  it('clears the previous failure when submitting again', async () => {
    const create = vi
      .fn<(input: QrRequestInput) => Promise<Reply<QrCodeRecord>>>()
      .mockResolvedValueOnce({ success: false, error: { code: 'network' } })
      .mockResolvedValueOnce({ success: true, payload: RECORD });
    mount(create);
    await type('sceneStr', 'store-42');
    await clickSubmit();
    expect(alerts().join('\n')).toContain('无法连接到微信服务器');

    await clickSubmit();
    expect(alerts()).toEqual([]);
  });
});

describe('CreateForm lifetime', () => {
  it.each([
    ['1 天', '86400'],
    ['7 天', '604800'],
    ['30 天', '2592000'],
  ])('preset %s sets expireSeconds to %s and is what gets submitted', async (label, seconds) => {
    const { create } = mount();
    // Start from a custom value so every preset visibly changes the field.
    await type('expireSeconds', '3600');
    await act(() => presetRadio(label).click());

    expect(control('expireSeconds')!.value).toBe(seconds);
    expect(presetRadio(label).checked).toBe(true);

    await type('sceneStr', 'store-42');
    await clickSubmit();
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ expireSeconds: seconds }));
  });

  it('a typed value that matches no preset selects "custom"', async () => {
    mount();
    await type('expireSeconds', '3600');
    expect(presetRadio('自定义').checked).toBe(true);
    expect(presetRadio('30 天').checked).toBe(false);
  });

  it.each(['QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'])('hides the expire field for the permanent kind %s', async (action) => {
    mount();
    await chooseAction(action);
    expect(control('expireSeconds')).toBeNull();
    expect(control('expirePreset')).toBeNull();
  });

  it('shows the expire field again when switching back to a temporary kind', async () => {
    mount();
    await chooseAction('QR_LIMIT_SCENE');
    await chooseAction('QR_SCENE');
    expect(control('expireSeconds')).not.toBeNull();
  });

  it('does not block a permanent code on an invalid lifetime left in the hidden field', async () => {
    const { create } = mount();
    await type('expireSeconds', '59');
    await chooseAction('QR_LIMIT_STR_SCENE');
    await type('sceneStr', 'store-42');
    await clickSubmit();
    expect(create).toHaveBeenCalledWith({ actionName: 'QR_LIMIT_STR_SCENE', scene: 'store-42', expireSeconds: undefined, label: '' });
  });
});

describe('permanent codes used by the account', () => {
  function mountWithCount(permanentCount: number) {
    container = document.createElement('div');
    document.body.append(container);
    void act(() => render(<CreateForm create={vi.fn()} onCreated={vi.fn()} permanentCount={permanentCount} />, container!));
  }
  const countText = () => document.querySelector('[data-testid="permanent-count"]');

  it('shows the count only for permanent kinds', async () => {
    mountWithCount(1234);
    expect(countText()).toBeNull();
    await chooseAction('QR_LIMIT_SCENE');
    expect(countText()?.textContent).toContain((1234).toLocaleString());
    expect(countText()?.getAttribute('role')).toBeNull();
  });

  it('warns from 90,000 on', async () => {
    mountWithCount(89_999);
    await chooseAction('QR_LIMIT_STR_SCENE');
    expect(countText()?.className).toBe('hint');
    void act(() => render(<CreateForm create={vi.fn()} onCreated={vi.fn()} permanentCount={90_000} />, container!));
    expect(countText()?.className).toBe('alert');
    expect(countText()?.textContent).toContain('接近 100,000 上限');
  });
});
