/**
 * Draws a WeChat code locally from its stored `url` (the QR content WeChat returns with the ticket),
 * so a code can be downloaded at print size, offline, and after its ticket has expired.
 *
 * No DOM canvas anywhere: the same code runs in a page and in the service worker. The PNG is written
 * by hand (1-bit greyscale, deflated by the platform's CompressionStream) because a QR code is two
 * colours on an integer grid; chosen over `qrcode` + canvas.toBlob by measurement (`npm run bench`).
 */
import { encodeQR } from 'qr';

export type QrEcc = 'low' | 'medium' | 'quartile' | 'high';
/** 'medium' (15 % recoverable) is what most generators use and keeps the grid coarse enough to print small. */
export const DEFAULT_ECC: QrEcc = 'medium';
/** The spec's minimum quiet zone is 4 modules; scanners fail on less when the code sits on a busy background. */
export const DEFAULT_QUIET_ZONE = 4;
/** PNG sizes the UI offers: WeChat's own image is 430 px; the rest are for print. */
export const PNG_SIZES = [430, 860, 1280, 2560] as const;
export type PngSize = (typeof PNG_SIZES)[number];

/** Dark modules as rows (`matrix[y][x]`, true = dark), without any quiet zone. */
export type QrMatrix = readonly (readonly boolean[])[];

export interface SvgOptions {
  ecc?: QrEcc;
  quietZoneModules?: number;
}

export interface PngOptions extends SvgOptions {
  /** Width and height of the image in pixels. */
  sizePx: number;
}

export function qrMatrix(text: string, ecc: QrEcc = DEFAULT_ECC): QrMatrix {
  // qr 0.7 refuses border 0 (it wants a quiet zone in every finished output), but its border is
  // added after the symbol is drawn: ask for 1 and drop that ring, as its own source recommends.
  const bordered = encodeQR(text, 'raw', { ecc, border: 1 });
  return bordered.slice(1, -1).map((row) => row.slice(1, -1));
}

/** Vector output for print: scales to any size without blur, and stays small (one path, a rectangle per dark run). */
export function renderQrSvg(text: string, options: SvgOptions = {}): string {
  const quiet = checkQuietZone(options.quietZoneModules);
  const matrix = qrMatrix(text, options.ecc);
  const total = matrix.length + 2 * quiet;
  let d = '';
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x + 1;
      while (row[end]) end++;
      // One unit-high rectangle per run of dark modules: far fewer path commands than one per module.
      d += `M${x + quiet} ${y + quiet}h${end - x}v1h-${end - x}z`;
      x = end;
    }
  });
  // The white rectangle makes the quiet zone part of the image: on a dark page or in a design tool
  // a transparent background would swallow it. crispEdges keeps adjacent runs from showing seams.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

/**
 * A `sizePx`×`sizePx` PNG. Every module is the same whole number of pixels (uneven modules blur
 * when printed and confuse some scanners); the pixels that do not divide evenly become extra white
 * margin, split between both sides.
 */
export async function renderQrPng(text: string, options: PngOptions): Promise<Uint8Array> {
  return encodeGreyPng(options.sizePx, options.sizePx, 1, qrScanlines(text, options, 1).raw);
}

/**
 * PNG scanlines of the code at greyscale bit depth 1 (a bit per pixel) or 4 (two pixels a byte,
 * the left one in the high nibble), white = all bits set. Each scanline is a filter-type byte (0,
 * none: filters do not help a 2-colour image, deflate already sees the repeated rows) followed by
 * the packed pixels. `height` may exceed the width: the rows below the code are left white.
 */
export function qrScanlines(text: string, options: PngOptions, bitDepth: 1 | 2 | 4, height = options.sizePx): { raw: Uint8Array<ArrayBuffer>; stride: number } {
  const { sizePx } = options;
  const { matrix, scale, offset } = qrLayout(text, options);
  const stride = 1 + Math.ceil((sizePx * bitDepth) / 8);
  const raw = new Uint8Array(stride * height);
  const white = new Uint8Array(stride).fill(0xff);
  white[0] = 0;
  for (let y = 0; y < height; y++) raw.set(white, y * stride);
  matrix.forEach((row, my) => {
    // All `scale` pixel rows of a module row are the same: draw the first, copy it.
    const first = (offset + my * scale) * stride;
    row.forEach((dark, mx) => {
      if (!dark) return;
      const x0 = offset + mx * scale;
      for (let x = x0; x < x0 + scale; x++) {
        if (bitDepth === 1) raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
        else if (bitDepth === 2) raw[first + 1 + (x >> 2)]! &= ~(0xc0 >> ((x & 3) << 1));
        else raw[first + 1 + (x >> 1)]! &= x & 1 ? 0xf0 : 0x0f;
      }
    });
    const line = raw.subarray(first, first + stride);
    for (let i = 1; i < scale; i++) raw.set(line, first + i * stride);
  });
  return { raw, stride };
}

/** Where the modules go in a `sizePx` square: whole pixels per module, the remainder as extra margin. */
function qrLayout(text: string, options: PngOptions): { matrix: QrMatrix; scale: number; offset: number } {
  const { sizePx } = options;
  const quiet = checkQuietZone(options.quietZoneModules);
  if (!Number.isInteger(sizePx) || sizePx <= 0) throw new RangeError(`sizePx must be a positive integer, got ${sizePx}`);
  const matrix = qrMatrix(text, options.ecc);
  const modules = matrix.length + 2 * quiet;
  const scale = Math.floor(sizePx / modules);
  if (scale < 1) throw new RangeError(`${sizePx} px is too small for ${modules} modules`);
  return { matrix, scale, offset: Math.floor((sizePx - scale * modules) / 2) + quiet * scale };
}

/** A greyscale PNG from filtered scanlines (each a filter byte, then pixels packed at `bitDepth`). */
export async function encodeGreyPng(width: number, height: number, bitDepth: 1 | 2 | 4 | 8, raw: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([bitDepth, 0, 0, 0, 0], 8); // colour type 0 (greyscale), deflate, adaptive filtering, no interlace
  return concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', await deflate(raw)), chunk('IEND', new Uint8Array(0))]);
}

function checkQuietZone(quiet = DEFAULT_QUIET_ZONE): number {
  if (!Number.isInteger(quiet) || quiet < 0) throw new RangeError(`quietZoneModules must be a whole number ≥ 0, got ${quiet}`);
  return quiet;
}

const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** 'deflate' is the zlib format (header + Adler-32) that PNG's IDAT requires, not raw deflate. */
async function deflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new CompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // Not awaited: the write only resolves once the output is being read below. A failure also
  // rejects the reads, which is where it is reported; these copies are silenced.
  writer.write(data).catch(() => {});
  writer.close().catch(() => {});
  // Read the stream by hand rather than through Response/Blob: fewer globals to depend on.
  const parts: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return concat(parts);
}

function chunk(type: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 as PNG defines it (over chunk type + data); the table is built on first use, once. */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
