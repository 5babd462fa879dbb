import { type CaptionRaster, canvasCaption, renderCaptionedQrPng } from './caption';
import { type QrEcc, type PngSize, renderQrPng } from './qr';

/** One PNG of a ZIP: the code's url, drawn at sizePx, with the caption under it when there is one. */
export interface PngRenderJob {
  url: string;
  caption: string;
  sizePx: PngSize;
  ecc?: QrEcc;
}

/** The same drawing wherever it runs (the page, or a worker of png-worker-pool.ts). */
export function renderPngJob({ url, caption, sizePx, ecc }: PngRenderJob, raster: CaptionRaster = canvasCaption): Promise<Uint8Array> {
  return caption ? renderCaptionedQrPng(url, caption, { sizePx, ecc }, raster) : renderQrPng(url, { sizePx, ecc });
}
