import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';

/** Reads a QR code out of a PNG file, as a phone would from a print. */
export function decodePngFile(path: string): { text: string | undefined; width: number; height: number } {
  const png = PNG.sync.read(readFileSync(path));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  return { text: found?.data, width: png.width, height: png.height };
}

/** Reads a QR code out of an SVG file: Chromium rasterizes it (as any viewer would), jsQR reads the pixels. */
export async function decodeSvgFile(page: Page, path: string, sizePx = 600): Promise<string | undefined> {
  const svg = readFileSync(path, 'utf8');
  const pngDataUrl = await page.evaluate(
    async ([text, size]) => {
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      canvas.getContext('2d')!.drawImage(image, 0, 0, size, size);
      return canvas.toDataURL('image/png');
    },
    [svg, sizePx] as const,
  );
  const png = PNG.sync.read(Buffer.from(pngDataUrl.split(',')[1]!, 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}
