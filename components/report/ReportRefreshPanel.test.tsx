import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import enMessages from '@/public/_locales/en/messages.json';
import type { RefreshProgress } from '@/utils/report/refresh';
import { wechatError } from '@/utils/wechat/errors';
import { ReportRefreshPanel, type ReportRefreshPanelProps } from './ReportRefreshPanel';

const BASE: RefreshProgress = {
  appId: 'wx0123456789abcdef',
  status: 'running',
  total: 25_000,
  detailed: 5_000,
  startedAt: 0,
  activeMs: 10_000,
  msLeft: 40_000,
  calls: { list: 1, details: 50 },
  callsLeft: { list: 3, details: 200 },
};

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
});

function mount(props: Partial<ReportRefreshPanelProps>) {
  container = document.createElement('div');
  document.body.append(container);
  const onAction = vi.fn();
  render(<ReportRefreshPanel accountId="a1" refresh={null} busy={false} onAction={onAction} {...props} />, container);
  const buttons = () => [...container!.querySelectorAll('button')].map((b) => b.name);
  return { root: container, onAction, buttons };
}

describe('ReportRefreshPanel', () => {
  it('without a refresh: only "Refresh"', () => {
    const { buttons } = mount({});
    expect(buttons()).toEqual(['start']);
  });

  it('before starting: the calls the rest will take, then Start or Cancel', () => {
    const { root, buttons } = mount({ refresh: { ...BASE, status: 'confirm', detailed: 0 } });
    expect(root.textContent).toContain('共 25,000 位粉丝');
    expect(root.textContent).toContain('约 203 次接口调用');
    expect(buttons()).toEqual(['resume', 'cancel']);
  });

  it('running: followers read of the total, time left, Pause and Cancel', () => {
    const { root, buttons } = mount({ refresh: BASE });
    expect(root.querySelector('progress')?.value).toBe(5_000);
    expect(root.textContent).toContain('已读取 5,000 / 25,000 位粉丝 · 剩余约 40 秒');
    expect(buttons()).toEqual(['pause', 'cancel']);
  });

  it('45009: what was read is kept, resume after the reset, which is offered with the rid lookup', () => {
    const { root, buttons } = mount({ refresh: { ...BASE, status: 'quota', error: wechatError(45009, 'quota rid: 5f-1a') } });
    expect(root.textContent).toContain('已读取的 5,000 位粉丝会保留');
    expect(buttons()).toEqual(['rid-lookup', 'quota-reset', 'resume', 'cancel']);
  });

  it('48001 on Refresh: the explanation (用户管理, 已认证服务号, 测试号), not a bare error', () => {
    const { root } = mount({ error: wechatError(48001, 'api unauthorized rid: a-1') });
    const text = root.querySelector('[data-testid=report-no-permission]')?.textContent ?? '';
    for (const words of ['48001', '用户管理', '已认证的服务号', '订阅号', '测试号', '接口权限']) expect(text).toContain(words);
  });

  it('the English explanation says the same: permission, verified service accounts, the test account', () => {
    const en = enMessages as Record<string, { message: string }>;
    const text = `${en.reportNoPermission!.message} ${en.reportNoPermissionWhatToDo!.message}`;
    for (const words of ['48001', '用户管理', 'verified service accounts', 'subscription accounts', 'test account', '接口权限']) expect(text).toContain(words);
  });
});
