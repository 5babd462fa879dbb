import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOW, code } from '@/test/unit/records';
import { CodeDetail, type CodeDetailProps } from './CodeDetail';

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  vi.unstubAllGlobals();
});

function mount(props: Partial<CodeDetailProps> = {}) {
  container = document.createElement('div');
  document.body.append(container);
  const noop = () => undefined;
  // Active for a day: the detail offers WeChat's image.
  render(
    <CodeDetail record={code('d1', { expiresAt: NOW + 86_400_000 })} now={NOW} onOpen={noop} onChanged={noop} onDelete={noop} onRenewed={noop} {...props} />,
    container,
  );
  return container;
}

async function clickDownload(root: HTMLElement) {
  const button = [...root.querySelectorAll('button')].find((b) => b.textContent === '下载微信原图')!;
  await act(async () => {
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const alertText = (root: HTMLElement) => root.querySelector('[role=alert]')?.textContent ?? '';

describe('CodeDetail: 下载微信原图', () => {
  it('says WeChat no longer has the image of an expired or unknown ticket, and that the local PNG/SVG still works', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('not found', { status: 404 })),
    );
    const root = mount();
    await clickDownload(root);
    expect(alertText(root)).toContain('微信已没有这张二维码的图片');
    expect(alertText(root)).toContain('本地 PNG/SVG 仍可使用');
  });

  it('says WeChat could not be reached, and clears the message on the next try that works', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const root = mount();
    await clickDownload(root);
    expect(alertText(root)).toContain('无法连接到微信服务器');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(new Uint8Array([1]), { headers: { 'Content-Type': 'image/jpeg' } })),
    );
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:qr');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await clickDownload(root);
    expect(root.querySelector('[role=alert]')).toBeNull();
  });
});

describe('CodeDetail: renewal links', () => {
  it('links to the code it renewed and the one that replaced it, by label or scene, each opening that code', () => {
    const onOpen = vi.fn();
    const root = mount({
      record: code('mid', { renewedFromId: 'uuid-old-7f3a' }),
      renewedFrom: { id: 'uuid-old-7f3a', record: code('uuid-old-7f3a', { scene: 'fair', label: '旧海报' }) },
      replacedBy: { id: 'uuid-new-9c1b', record: code('uuid-new-9c1b', { scene: 'fair-2026', label: '' }) },
      onOpen,
    });
    const from = root.querySelector<HTMLAnchorElement>('[data-testid=renewed-from]')!;
    const by = root.querySelector<HTMLAnchorElement>('[data-testid=replaced-by]')!;
    expect(from.tagName).toBe('A');
    expect(from.textContent).toContain('旧海报');
    expect(from.getAttribute('href')).toBe('#code=uuid-old-7f3a');
    expect(by.textContent).toContain('fair-2026');
    expect(root.textContent).not.toContain('uuid-');
    by.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    from.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(onOpen.mock.calls).toEqual([['uuid-new-9c1b'], ['uuid-old-7f3a']]);
  });

  it('says so when the renewed code is no longer in history, and shows no raw id', () => {
    const root = mount({ record: code('mid', { renewedFromId: 'gone-1234' }), renewedFrom: { id: 'gone-1234' } });
    expect(root.querySelector('[data-testid=renewed-from]')?.textContent).toBe('（已从本地历史记录中删除）');
    expect(root.textContent).not.toContain('gone-1234');
  });
});
