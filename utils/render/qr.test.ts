import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PNG_SIZES, type QrMatrix, qrMatrix, renderQrPng, renderQrSvg } from './qr';

// The shape of what WeChat returns in `url` (a 22-character code after /q/).
const WECHAT_URL = 'http://weixin.qq.com/q/02abcDEFghiJKLmno5PqR1';
const LONG_TEXT = `${WECHAT_URL}?${'scene=分店-上海-徐汇-0123456789&'.repeat(4)}`;

interface Bitmap {
  width: number;
  height: number;
  /** RGBA, what jsQR reads. */
  data: Uint8ClampedArray;
}

function decodePng(bytes: Uint8Array): Bitmap & { colorType: number; bitDepth: number } {
  const png = PNG.sync.read(Buffer.from(bytes));
  const data = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return { width: png.width, height: png.height, data, colorType: png.colorType, bitDepth: png.depth };
}

const isWhite = (img: Bitmap, x: number, y: number) => img.data[(y * img.width + x) * 4] === 255;

/** Grid of modules (true = dark, quiet zone included) → RGBA bitmap, `scale` px per module. */
function rasterize(grid: readonly (readonly boolean[])[], scale: number): Bitmap {
  const size = grid.length * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (grid[Math.floor(y / scale)]![Math.floor(x / scale)]) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  return { width: size, height: size, data };
}

const read = (img: Bitmap) => jsQR(img.data, img.width, img.height)?.data;

/**
 * Reads the SVG back into a module grid by interpreting its path data (M/m, H/h, V/v, Z/z, which is
 * all a rectangle outline needs), so the test checks what a viewer would draw, not how the string is built.
 */
function svgToGrid(svg: string): { total: number; grid: boolean[][]; background: string | undefined } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  expect(viewBox, 'viewBox in modules').not.toBeNull();
  const total = Number(viewBox![1]);
  expect(Number(viewBox![2])).toBe(total);
  const background = new RegExp(`<rect width="${total}" height="${total}" fill="([^"]+)"/>`).exec(svg)?.[1];
  const paths = [...svg.matchAll(/<path\b[^>]*\bd="([^"]*)"/g)];
  expect(paths).toHaveLength(1);
  const grid = Array.from({ length: total }, () => Array<boolean>(total).fill(false));
  const tokens = paths[0]![1]!.match(/[MmHhVvZz]|-?\d+(?:\.\d+)?/g) ?? [];
  let x = 0;
  let y = 0;
  let points: [number, number][] = [];
  const fill = () => {
    if (points.length === 0) return;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    // Every subpath must be an axis-aligned rectangle on whole modules; fill it.
    for (const v of [...xs, ...ys]) expect(Number.isInteger(v)).toBe(true);
    for (let gy = Math.min(...ys); gy < Math.max(...ys); gy++)
      for (let gx = Math.min(...xs); gx < Math.max(...xs); gx++) {
        expect(grid[gy]![gx], `overlapping rectangles at ${gx},${gy}`).toBe(false);
        grid[gy]![gx] = true;
      }
    points = [];
  };
  for (let i = 0; i < tokens.length;) {
    const command = tokens[i++]!;
    const next = () => Number(tokens[i++]);
    if (command === 'M' || command === 'm') {
      fill();
      const [dx, dy] = [next(), next()];
      [x, y] = command === 'M' ? [dx, dy] : [x + dx, y + dy];
    } else if (command === 'H') x = next();
    else if (command === 'h') x += next();
    else if (command === 'V') y = next();
    else if (command === 'v') y += next();
    else if (command === 'Z' || command === 'z') {
      fill();
      continue;
    } else throw new Error(`unexpected path command ${command}`);
    points.push([x, y]);
  }
  fill();
  return { total, grid, background };
}

function withQuietZone(matrix: QrMatrix, quiet: number): boolean[][] {
  const total = matrix.length + 2 * quiet;
  return Array.from({ length: total }, (_, y) => Array.from({ length: total }, (_, x) => matrix[y - quiet]?.[x - quiet] ?? false));
}

describe('qrMatrix', () => {
  it('is square, has finder patterns in three corners, and no quiet zone', () => {
    const m = qrMatrix(WECHAT_URL);
    const n = m.length;
    expect((n - 17) % 4).toBe(0);
    for (const row of m) expect(row).toHaveLength(n);
    // A finder's outer ring starts right at the edge: the matrix has no border of its own.
    for (const [x, y] of [
      [0, 0],
      [n - 7, 0],
      [0, n - 7],
    ] as const) {
      expect(m[y]!.slice(x, x + 7).every(Boolean)).toBe(true);
      expect(m[y + 6]!.slice(x, x + 7).every(Boolean)).toBe(true);
      expect(m[y + 1]![x + 1]).toBe(false);
    }
  });

  it('grows with the error-correction level for a long text', () => {
    const sizes = (['low', 'medium', 'quartile', 'high'] as const).map((ecc) => qrMatrix(LONG_TEXT, ecc).length);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThan(sizes[i - 1]!);
    expect(qrMatrix(LONG_TEXT)).toEqual(qrMatrix(LONG_TEXT, 'medium'));
  });
});

describe('renderQrPng', () => {
  it.each(PNG_SIZES)(
    '%i px: 1-bit greyscale, exactly that size, reads back as the url',
    async (sizePx) => {
      const img = decodePng(await renderQrPng(WECHAT_URL, { sizePx }));
      expect([img.width, img.height]).toEqual([sizePx, sizePx]);
      expect([img.colorType, img.bitDepth]).toEqual([0, 1]);
      expect(read(img)).toBe(WECHAT_URL);
      // Decoding 6.5 million pixels with jsQR (test code, not ours) takes seconds on a busy 2-core machine.
    },
    30_000,
  );

  it('keeps a white quiet zone of at least 4 modules, modules a whole number of pixels, margin split evenly', async () => {
    const sizePx = 430;
    const quiet = 4;
    const modules = qrMatrix(WECHAT_URL).length + 2 * quiet;
    const scale = Math.floor(sizePx / modules);
    const img = decodePng(await renderQrPng(WECHAT_URL, { sizePx }));
    const spare = sizePx - scale * modules;
    expect(spare).toBeGreaterThan(1); // so the split is tested
    const margin = Math.floor(spare / 2) + quiet * scale;
    const marginEnd = spare - Math.floor(spare / 2) + quiet * scale;
    const whiteBand = (from: number, to: number) => {
      for (let a = 0; a < sizePx; a++) for (let b = from; b < to; b++) if (!isWhite(img, a, b) || !isWhite(img, b, a)) return false;
      return true;
    };
    expect(whiteBand(0, margin)).toBe(true);
    expect(whiteBand(sizePx - marginEnd, sizePx)).toBe(true);
    // The top-right finder ends exactly where the right margin starts.
    expect(isWhite(img, sizePx - marginEnd - 1, margin)).toBe(false);
    // The finder's top-left corner sits exactly where the margin ends: dark there, white just before.
    expect(isWhite(img, margin, margin)).toBe(false);
    expect(isWhite(img, margin - 1, margin)).toBe(true);
    expect(isWhite(img, margin + 7 * scale - 1, margin)).toBe(false);
    expect(isWhite(img, margin + 7 * scale, margin)).toBe(true);
  });

  it('draws every module of the matrix', async () => {
    const quiet = 2;
    const matrix = qrMatrix(WECHAT_URL, 'high');
    const modules = matrix.length + 2 * quiet;
    const sizePx = modules * 3 + 1; // scale 3, one spare pixel
    const img = decodePng(await renderQrPng(WECHAT_URL, { sizePx, ecc: 'high', quietZoneModules: quiet }));
    const grid = withQuietZone(matrix, quiet);
    for (let y = 0; y < modules; y++) for (let x = 0; x < modules; x++) expect(isWhite(img, x * 3 + 1, y * 3), `module ${x},${y}`).toBe(!grid[y]![x]);
    expect(read(img)).toBe(WECHAT_URL);
  });

  it('reads back non-ASCII text and a high error-correction level', async () => {
    const img = decodePng(await renderQrPng(LONG_TEXT, { sizePx: 860, ecc: 'high' }));
    expect(read(img)).toBe(LONG_TEXT);
  });

  it('refuses a size too small for the code and a nonsensical quiet zone', async () => {
    await expect(renderQrPng(WECHAT_URL, { sizePx: 20 })).rejects.toThrow(RangeError);
    await expect(renderQrPng(WECHAT_URL, { sizePx: 430.5 })).rejects.toThrow(RangeError);
    await expect(renderQrPng(WECHAT_URL, { sizePx: 430, quietZoneModules: -1 })).rejects.toThrow(RangeError);
  });
});

describe('renderQrSvg', () => {
  it('draws exactly the matrix inside a white 4-module quiet zone, and reads back as the url', () => {
    const svg = renderQrSvg(WECHAT_URL);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect(svg).toContain('shape-rendering="crispEdges"');
    const { total, grid, background } = svgToGrid(svg);
    const matrix = qrMatrix(WECHAT_URL);
    expect(total).toBe(matrix.length + 8);
    expect(background).toBe('#fff');
    expect(grid).toEqual(withQuietZone(matrix, 4));
    expect(read(rasterize(grid, 4))).toBe(WECHAT_URL);
  });

  it('follows ecc and quietZoneModules', () => {
    const { total, grid } = svgToGrid(renderQrSvg(LONG_TEXT, { ecc: 'high', quietZoneModules: 2 }));
    const matrix = qrMatrix(LONG_TEXT, 'high');
    expect(total).toBe(matrix.length + 4);
    expect(grid).toEqual(withQuietZone(matrix, 2));
    expect(read(rasterize(grid, 3))).toBe(LONG_TEXT);
  });

  it('is compact: one rectangle per run of dark modules', () => {
    const svg = renderQrSvg(WECHAT_URL);
    const runs = qrMatrix(WECHAT_URL).reduce((n, row) => n + row.filter((d, x) => d && !row[x - 1]).length, 0);
    expect(svg.match(/M/g)).toHaveLength(runs);
  });
});
