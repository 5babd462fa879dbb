import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageType, PublicPushServer, PublicSettings, Reply, SavePushServerInput } from '@/utils/messaging/messages';
import { HQ, SHOP, settingsWith } from '@/test/unit/settings';
import { PushServerForm } from './PushServerForm';

const sendMessage = vi.hoisted(() => vi.fn());
vi.mock('@/utils/messaging/messages', async (importOriginal) => ({ ...(await importOriginal<object>()), sendMessage }));

/** Each account's server as the background keeps it; `saves` lists what the form asked to store. */
let servers: Record<string, PublicPushServer>;
let saves: SavePushServerInput[];

beforeEach(() => {
  servers = {
    a1: { accountId: 'a1', accountName: SHOP.name, url: 'https://shop.example/wx', originalId: 'gh_shop', hasToken: true },
    a2: { accountId: 'a2', accountName: HQ.name, url: 'https://hq.example/wx', originalId: 'gh_hq', hasToken: true },
  };
  saves = [];
  sendMessage.mockImplementation(async (type: MessageType, input: { accountId: string } & SavePushServerInput): Promise<Reply<unknown>> => {
    if (type === 'getPushServer') return { success: true, payload: servers[input.accountId] };
    if (type === 'savePushServer') {
      saves.push(input);
      servers[input.accountId] = { ...servers[input.accountId]!, url: input.url, originalId: input.originalId };
      return { success: true, payload: servers[input.accountId] };
    }
    return { success: false, error: { code: 'internal', params: [type] } };
  });
});

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  vi.unstubAllGlobals();
});

/** Renders (or re-renders, as the options page does after 设为当前) the form with these settings. */
async function show(settings: PublicSettings) {
  if (!container) {
    container = document.createElement('div');
    document.body.append(container);
  }
  await act(async () => render(<PushServerForm settings={settings} />, container!));
}

const input = (name: string) => container!.querySelector<HTMLInputElement | HTMLSelectElement>(`[name=${name}]`)!;
const shownUrl = () => input('pushUrl')?.value;
const selectedAccount = () => {
  const select = container!.querySelector<HTMLSelectElement>('select[name=pushAccount]')!;
  return select.options[select.selectedIndex]!.textContent;
};

async function type(name: string, value: string) {
  await act(async () => {
    const field = input(name) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function pick(id: string) {
  await act(async () => {
    const select = input('pushAccount') as HTMLSelectElement;
    select.value = id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function save() {
  await act(async () => {
    container!.querySelector<HTMLFormElement>('form.push-server')!.requestSubmit();
  });
  await vi.waitFor(() => expect(container!.querySelector('form.push-server [role=status]')).not.toBeNull());
}

describe('PushServerForm: whose server it is', () => {
  it('names the account it shows, marking the current one', async () => {
    await show(settingsWith(SHOP));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://shop.example/wx'));
    expect(selectedAccount()).toBe(`门店号 (${SHOP.appId}) · 当前`);
    expect([...(input('pushAccount') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      `门店号 (${SHOP.appId}) · 当前`,
      `总部号 (${HQ.appId})`,
    ]);
  });

  it('names the only account without a select', async () => {
    await show(settingsWith(SHOP, [SHOP]));
    expect(container!.querySelector('select[name=pushAccount]')).toBeNull();
    expect(container!.querySelector('[data-testid=pushAccount-name]')?.textContent).toBe(`门店号 (${SHOP.appId})`);
  });

  it('follows 设为当前 on the page, and then saves into the account it shows', async () => {
    await show(settingsWith(SHOP));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://shop.example/wx'));
    await show(settingsWith(HQ));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://hq.example/wx'));
    expect(selectedAccount()).toContain('总部号');
    await type('pushUrl', 'https://hq.example/new');
    await save();
    expect(saves).toEqual([{ accountId: 'a2', url: 'https://hq.example/new', token: undefined, originalId: 'gh_hq' }]);
    expect(container!.querySelector('form.push-server [role=status]')?.textContent).toBe('已保存到「总部号」');
    expect(servers.a1!.url).toBe('https://shop.example/wx');
    // Edited again: "saved" no longer describes what the fields hold.
    await type('originalId', 'gh_hq_2');
    expect(container!.querySelector('form.push-server [role=status]')).toBeNull();
  });

  it('shows the account the operator picks, and stays on it when the current account changes', async () => {
    await show(settingsWith(SHOP));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://shop.example/wx'));
    await pick('a2');
    await vi.waitFor(() => expect(shownUrl()).toBe('https://hq.example/wx'));
    await show(settingsWith(HQ));
    await show(settingsWith(SHOP));
    expect(selectedAccount()).toContain('总部号');
    expect(shownUrl()).toBe('https://hq.example/wx');
    // Picking the current account again follows it once more.
    await pick('a1');
    await vi.waitFor(() => expect(shownUrl()).toBe('https://shop.example/wx'));
    await show(settingsWith(HQ));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://hq.example/wx'));
  });

  it('keeps unsaved edits on their own account when another becomes current, and saves them there', async () => {
    await show(settingsWith(SHOP));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://shop.example/wx'));
    await type('pushUrl', 'https://shop.example/edited');
    await show(settingsWith(HQ));
    expect(shownUrl()).toBe('https://shop.example/edited');
    expect(selectedAccount()).toContain('门店号');
    expect(container!.querySelector('[data-testid=push-server-held]')?.textContent).toContain('保存会写入「门店号」');
    await save();
    expect(saves.map((s) => [s.accountId, s.url])).toEqual([['a1', 'https://shop.example/edited']]);
    expect(servers.a2!.url).toBe('https://hq.example/wx');
    expect(container!.querySelector('[data-testid=push-server-held]')).toBeNull();
  });

  it('asks before a pick drops unsaved edits, and never shows them under the other account', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await show(settingsWith(SHOP));
    await vi.waitFor(() => expect(shownUrl()).toBe('https://shop.example/wx'));
    await type('pushUrl', 'https://shop.example/edited');
    await pick('a2');
    expect(confirm).toHaveBeenCalledWith('「门店号」的服务器配置有未保存的修改。放弃这些修改并切换？');
    expect(shownUrl()).toBe('https://shop.example/edited');
    expect(selectedAccount()).toContain('门店号');
    confirm.mockReturnValue(true);
    await pick('a2');
    await vi.waitFor(() => expect(shownUrl()).toBe('https://hq.example/wx'));
  });
});
