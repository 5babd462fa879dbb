import { afterEach, describe, expect, it, vi } from 'vitest';
import { code } from '@/test/unit/records';
import { downloadQrImage } from './image-download';

const record = code('r1', { ticket: 'gQH+/ab=', label: '门店', scene: 'shop-1' });

function answer(response: Response | Error) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("downloading WeChat's image of a code", () => {
  it('says WeChat no longer has the image when showqrcode answers 404 (ticket expired or unknown)', async () => {
    answer(new Response('not found', { status: 404, headers: { 'Content-Type': 'text/html' } }));
    expect(await downloadQrImage(record)).toEqual({ code: 'wechat_image_gone', status: 404 });
  });

  it('names another HTTP status from WeChat', async () => {
    answer(new Response('busy', { status: 503 }));
    expect(await downloadQrImage(record)).toEqual({ code: 'http_status', status: 503, params: ['503'] });
  });

  it('tells a network failure from a timeout, and asks with a time limit', async () => {
    const fetchMock = answer(new TypeError('Failed to fetch'));
    expect(await downloadQrImage(record)).toEqual({ code: 'network' });
    expect(fetchMock.mock.calls[0]![1]?.signal).toBeInstanceOf(AbortSignal);
    answer(new DOMException('signal timed out', 'TimeoutError'));
    expect(await downloadQrImage(record)).toEqual({ code: 'timeout', params: ['15'] });
  });

  it('refuses an answer that is not an image', async () => {
    answer(new Response('{"errcode":40001}', { status: 200, headers: { 'Content-Type': 'application/json' } }));
    expect(await downloadQrImage(record)).toEqual({ code: 'bad_response' });
  });

  it('saves the image under the label and scene, asking for the ticket encoded once', async () => {
    const fetchMock = answer(new Response(new Uint8Array([71, 73, 70]), { status: 200, headers: { 'Content-Type': 'image/gif' } }));
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:qr');
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    expect(await downloadQrImage(record)).toBeUndefined();
    expect(fetchMock.mock.calls[0]![0]).toBe('https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH%2B%2Fab%3D');
    expect(names).toEqual(['门店-shop-1.gif']);
  });
});
