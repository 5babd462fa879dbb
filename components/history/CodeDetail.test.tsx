import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOW, code } from '@/test/unit/records';
import { CodeDetail } from './CodeDetail';

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  vi.unstubAllGlobals();
});

function mount() {
  container = document.createElement('div');
  document.body.append(container);
  const noop = () => undefined;
  // Active for a day: the detail offers WeChat's image.
  render(<CodeDetail record={code('d1', { expiresAt: NOW + 86_400_000 })} now={NOW} onChanged={noop} onDelete={noop} onRenewed={noop} />, container);
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
