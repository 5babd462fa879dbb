import { useEffect, useState } from 'preact/hooks';
import { renderQrSvg } from '@/utils/render/qr';

/**
 * A small drawing of the code from its url: no network, so a long list stays fast and works offline.
 * Drawn in an effect, after the row's text is painted: a screen of thumbnails costs tens of ms,
 * which the history page's first rows should not wait for.
 */
export function QrThumbnail({ url, size }: { url: string; size: number }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderQrSvg(url, { quietZoneModules: 1 }))}`), [url]);
  return <img class="qr-thumb" src={src} width={size} height={size} alt="" />;
}
