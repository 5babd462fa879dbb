import { useMemo } from 'preact/hooks';
import { renderQrSvg } from '@/utils/qr-render';

/** A small drawing of the code from its url: no network, so a long list stays fast and works offline. */
export function QrThumbnail({ url, size }: { url: string; size: number }) {
  const src = useMemo(() => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderQrSvg(url, { quietZoneModules: 1 }))}`, [url]);
  return <img class="qr-thumb" src={src} width={size} height={size} alt="" />;
}
