/**
 * A code with its label printed under it, for batch ZIPs that go straight to a print shop: the
 * operator should not have to put 200 names under 200 codes in a design tool.
 *
 * The code itself is drawn exactly as renderQrPng/renderQrSvg draw it (same layout, same quiet
 * zone); the caption sits below the quiet zone, so it never touches the area scanners need.
 */
import { type PngOptions, type SvgOptions, encodeGreyPng, qrScanlines, renderQrSvg } from './qr';

/** Caption band height as a share of the code's width: room for one line of text at a legible size. */
const CAPTION_SHARE = 0.14;
/** See renderCaptionedQrPng. */
const CAPTION_BIT_DEPTH = 2;
const CAPTION_FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

/**
 * The caption's pixels: greyscale (0 black … 255 white), row by row, of the part of the
 * width × height band the text covers (columns x … x + w - 1); the rest of the band is white.
 */
export interface CaptionPixels {
  x: number;
  w: number;
  grey: Uint8Array;
}

export type CaptionRaster = (text: string, width: number, height: number) => CaptionPixels;

let reused: { canvas: OffscreenCanvas; context: OffscreenCanvasRenderingContext2D; inked: { x: number; w: number } } | undefined;

/**
 * One canvas for every caption of a size: making a canvas costs about as much as drawing on it,
 * and a ZIP draws hundreds. willReadFrequently keeps it in memory, where getImageData is cheap.
 */
function captionCanvas(width: number, height: number): NonNullable<typeof reused> {
  if (reused?.canvas.width !== width || reused.canvas.height !== height) {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    reused = { canvas, context, inked: { x: 0, w: 0 } };
  }
  return reused;
}

/**
 * Text drawn by the platform (OffscreenCanvas: pages and workers alike), shrunk to fit the width.
 * Only the text's own box is cleared and read back: most of a band is margin, and reading pixels
 * is what a caption costs.
 */
export const canvasCaption: CaptionRaster = (text, width, height) => {
  const drawing = captionCanvas(width, height);
  const { context } = drawing;
  context.fillStyle = '#fff';
  context.fillRect(drawing.inked.x, 0, drawing.inked.w, height);
  let size = Math.round(height * 0.5);
  context.font = `${size}px ${CAPTION_FONT}`;
  const fits = width * 0.9;
  let measured = context.measureText(text).width;
  if (measured > fits) {
    size = Math.max(8, Math.floor((size * fits) / measured));
    context.font = `${size}px ${CAPTION_FONT}`;
    measured = Math.min(fits, context.measureText(text).width);
  }
  context.fillStyle = '#000';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(text, width / 2, height / 2, fits);
  // A few pixels either side for anti-aliasing and glyphs that overhang their advance.
  const w = Math.min(width, Math.ceil(measured) + 2 * Math.ceil(size / 4));
  const x = Math.floor((width - w) / 2);
  drawing.inked = { x, w };
  const rgba = context.getImageData(x, 0, w, height).data;
  const grey = new Uint8Array(w * height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]!;
  return { x, w, grey };
};

export function captionHeight(sizePx: number): number {
  return Math.round(sizePx * CAPTION_SHARE);
}

/**
 * A `sizePx` wide PNG: the code as renderQrPng draws it, then the caption band. 2-bit greyscale:
 * four levels keep enough of the text's anti-aliasing at print size (a 1280 px code's caption is
 * ~90 px tall), and deflate, most of a PNG's cost, chews through half the bytes of 4-bit: a ZIP of
 * 1,000 captioned codes measured ~3 ms a code faster (`npm run bench -- batch`).
 */
export async function renderCaptionedQrPng(text: string, caption: string, options: PngOptions, raster: CaptionRaster = canvasCaption): Promise<Uint8Array> {
  const { sizePx } = options;
  const band = captionHeight(sizePx);
  const height = sizePx + band;
  const { raw, stride } = qrScanlines(text, options, CAPTION_BIT_DEPTH, height);

  const { x: left, w, grey } = raster(caption, sizePx, band);
  // Only the text's columns: the band's scanlines are white already.
  const pixel = (y: number, x: number) => (x >= left && x < left + w ? grey[y * w + (x - left)]! >> 6 : 0b11);
  for (let y = 0; y < band; y++) {
    const line = (sizePx + y) * stride;
    for (let x = left & ~3; x < left + w; x += 4) {
      raw[line + 1 + (x >> 2)] = (pixel(y, x) << 6) | (pixel(y, x + 1) << 4) | (pixel(y, x + 2) << 2) | pixel(y, x + 3);
    }
  }
  return encodeGreyPng(sizePx, height, CAPTION_BIT_DEPTH, raw);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** renderQrSvg's code with a text line under it; the text stays text (editable, sharp at any size). */
export function renderCaptionedQrSvg(text: string, caption: string, options: SvgOptions = {}): string {
  const svg = renderQrSvg(text, options);
  const total = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const band = Math.max(3, Math.round(total * CAPTION_SHARE));
  const fontSize = band * 0.5;
  // SVG cannot measure text: estimate (CJK ≈ 1 em, others ≈ 0.6 em) and squeeze a line that would overflow.
  const estimate = [...caption].reduce((width, char) => width + (/[\u2e80-\uffff]/.test(char) ? 1 : 0.6), 0) * fontSize;
  const squeeze = estimate > total * 0.9 ? ` textLength="${(total * 0.9).toFixed(1)}" lengthAdjust="spacingAndGlyphs"` : '';
  const escaped = caption.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);
  const label =
    `<text x="${total / 2}" y="${total + band / 2}" font-size="${fontSize}" text-anchor="middle" dominant-baseline="central"` +
    ` font-family='${CAPTION_FONT}'${squeeze}>${escaped}</text>`;
  return svg
    .replace(`viewBox="0 0 ${total} ${total}"`, `viewBox="0 0 ${total} ${total + band}"`)
    .replace(`<rect width="${total}" height="${total}"`, `<rect width="${total}" height="${total + band}"`)
    .replace('</svg>', `${label}</svg>`);
}
