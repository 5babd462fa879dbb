import { unzipSync, type UnzipFileInfo } from 'fflate';
import jsQR from 'jsqr';
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import { unescapeFormula } from '@/utils/history/csv';
import { buildQrZip, MANIFEST_NAME } from './zip';
import type { QrCodeRecord } from '@/utils/codes/record';
import { captionHeight } from './caption';
import { renderQrSvg } from './qr';

const CREATED = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

let next = 0;
function record(overrides: Partial<QrCodeRecord> = {}): QrCodeRecord {
  next++;
  return {
    id: `r${next}`,
    appId: 'wx0123456789abcdef',
    actionName: 'QR_SCENE',
    scene: '1001',
    label: 'Poster',
    ticket: `gQH47joAAAAAAAAAASxodHRwOi8v+/${next}==`,
    // Every record its own content, so an image in the wrong file is caught.
    url: `http://weixin.qq.com/q/02abcDEFghiJKLmno5P${String(next).padStart(3, '0')}`,
    expireSeconds: 604800,
    createdAt: CREATED,
    expiresAt: CREATED + 604800_000,
    ...overrides,
  };
}

const RECORDS = [
  record(),
  record(), // same label and scene: "-2"
  record({ label: 'poster' }), // differs only in case: would overwrite on Windows/macOS → "-3"
  record({ label: 'Poster-1001', scene: '2' }), // its own name is taken by the "-2" above → "-2-2"
  record({ label: '门店·徐汇', scene: '上海', actionName: 'QR_LIMIT_STR_SCENE', expireSeconds: null, expiresAt: null }),
  record({ label: '=HYPERLINK("http://evil","x")', scene: 'a,b' }),
];
const NAMES = ['Poster-1001', 'Poster-1001-2', 'poster-1001-3', 'Poster-1001-2-2', '门店·徐汇-上海', '=HYPERLINK(_http_evil_,_x_)-a,b'];

/** Entries with their compression method (0 stored, 8 deflated), as fflate reads them. */
function unzip(zip: Uint8Array): { files: Record<string, Uint8Array>; methods: Record<string, number> } {
  const methods: Record<string, number> = {};
  const files = unzipSync(zip, {
    filter: (info: UnzipFileInfo) => {
      methods[info.name] = info.compression;
      return true;
    },
  });
  return { files, methods };
}

function readPng(bytes: Uint8Array): { width: number; height: number; text: string | undefined } {
  const png = PNG.sync.read(Buffer.from(bytes));
  const rgba = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return { width: png.width, height: png.height, text: jsQR(rgba, png.width, png.height)?.data };
}

function manifestRows(files: Record<string, Uint8Array>): { raw: string; rows: string[][] } {
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files[MANIFEST_NAME]);
  const rows = Papa.parse<string[]>(raw.slice(1), { delimiter: ',', skipEmptyLines: true }).data;
  return { raw, rows };
}

describe('buildQrZip', () => {
  it('writes one scannable PNG per record under unique names, stored uncompressed', async () => {
    const zip = await buildQrZip(RECORDS, { format: 'png', sizePx: 860 });
    const { files, methods } = unzip(zip);
    // Names come back intact only because the UTF-8 flag is set: without it fflate reads them as Latin-1.
    expect(Object.keys(files).sort()).toEqual([...NAMES.map((n) => `${n}.png`), MANIFEST_NAME].sort());
    RECORDS.forEach((r, i) => {
      const name = `${NAMES[i]}.png`;
      expect(readPng(files[name]!), name).toEqual({ width: 860, height: 860, text: r.url });
      expect(methods[name], name).toBe(0);
    });
    expect(methods[MANIFEST_NAME]).toBe(8);
  });

  it('draws PNGs at 1280 px unless told otherwise', async () => {
    const r = record();
    const { files } = unzip(await buildQrZip([r], { format: 'png' }));
    expect(readPng(files['Poster-1001.png']!)).toEqual({ width: 1280, height: 1280, text: r.url });
  });

  it('writes deflated SVGs with the same names, each the drawing of its own record', async () => {
    const { files, methods } = unzip(await buildQrZip(RECORDS, { format: 'svg', ecc: 'high' }));
    expect(Object.keys(files).sort()).toEqual([...NAMES.map((n) => `${n}.svg`), MANIFEST_NAME].sort());
    RECORDS.forEach((r, i) => {
      const name = `${NAMES[i]}.svg`;
      const svg = new TextDecoder().decode(files[name]);
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
      expect(svg, name).toBe(renderQrSvg(r.url, { ecc: 'high' }));
      expect(methods[name], name).toBe(8);
    });
  });

  it('writes manifest.csv with a BOM, the header and one escaped row per record', async () => {
    const { files } = unzip(await buildQrZip(RECORDS, { format: 'svg' }));
    const { raw, rows } = manifestRows(files);
    expect(raw.startsWith('\uFEFFfile,scene,label,kind,ticket,url,expiresAt\r\n')).toBe(true);
    expect(raw.endsWith('\r\n')).toBe(true);
    const [header, ...data] = rows;
    expect(header).toEqual(['file', 'scene', 'label', 'kind', 'ticket', 'url', 'expiresAt']);
    expect(data).toHaveLength(RECORDS.length);
    // Formula escaping as in the history export: the spreadsheet sees text, not =HYPERLINK(…).
    expect(raw).toContain(`"'=HYPERLINK(_http_evil_,_x_)-a,b.svg","a,b","'=HYPERLINK(""http://evil"",""x"")",`);
    RECORDS.forEach((r, i) => {
      const expiresAt = r.expiresAt === null ? '' : new Date(r.expiresAt).toISOString();
      expect(data[i]!.map(unescapeFormula)).toEqual([`${NAMES[i]}.svg`, r.scene, r.label, r.actionName, r.ticket, r.url, expiresAt]);
    });
    expect(data[0]![6]).toBe('2025-01-09T03:04:05.678Z');
    expect(data[4]![6]).toBe('');
  });

  it('reports progress after each image, ending at (n, n)', async () => {
    const calls: [number, number][] = [];
    await buildQrZip(RECORDS, { format: 'png', sizePx: 430, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(RECORDS.map((_, i) => [i + 1, RECORDS.length]));
  });

  it('gives the event loop a turn while it works', async () => {
    // SVGs are drawn synchronously: a timer can only fire during the build if the build yields.
    const many = Array.from({ length: 400 }, () => record());
    let fired = false;
    setTimeout(() => (fired = true), 0);
    let firedBeforeEnd = false;
    await buildQrZip(many, { format: 'svg', onProgress: (done, total) => (firedBeforeEnd ||= fired && done < total) });
    expect(firedBeforeEnd).toBe(true);
  });

  it('rejects with an AbortError and reports nothing when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const calls: number[] = [];
    const result = buildQrZip(RECORDS, { format: 'png', sizePx: 430, signal: controller.signal, onProgress: (d) => calls.push(d) });
    await expect(result).rejects.toSatisfy((e) => e instanceof DOMException && e.name === 'AbortError');
    expect(calls).toEqual([]);
  });

  it('stops drawing once aborted midway', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const result = buildQrZip(RECORDS, {
      format: 'png',
      sizePx: 430,
      signal: controller.signal,
      onProgress: (done) => {
        calls.push(done);
        if (done === 2) controller.abort();
      },
    });
    await expect(result).rejects.toSatisfy((e) => e instanceof DOMException && e.name === 'AbortError');
    expect(calls).toEqual([1, 2]);
  });

  it('makes a zip holding only the manifest for no records', async () => {
    const { files } = unzip(await buildQrZip([], { format: 'png' }));
    expect(Object.keys(files)).toEqual([MANIFEST_NAME]);
    expect(manifestRows(files).rows).toEqual([['file', 'scene', 'label', 'kind', 'ticket', 'url', 'expiresAt']]);
  });

  it('names files by a pattern and prints the label under each code when asked (PNG and SVG)', async () => {
    // A fake text raster (happy-dom has no OffscreenCanvas): a black bar where the text would be.
    const raster = (_text: string, width: number, height: number) => ({
      x: 100,
      w: width - 200,
      grey: Uint8Array.from({ length: (width - 200) * height }, (_, i) => (Math.floor(i / (width - 200)) === height >> 1 ? 0 : 255)),
    });
    const withLabel = record({ label: '徐汇店', scene: 'store-001' });
    const without = record({ label: '', scene: 'store-002' });
    const png = unzip(
      await buildQrZip([withLabel, without], { format: 'png', sizePx: 430, caption: true, captionRaster: raster, namePattern: '{n}_{label}-{scene}' }),
    ).files;
    expect(Object.keys(png).sort()).toEqual(['1_徐汇店-store-001.png', '2_store-002.png', MANIFEST_NAME]);
    const captioned = readPng(png['1_徐汇店-store-001.png']!);
    expect(captioned).toEqual({ width: 430, height: 430 + captionHeight(430), text: withLabel.url });
    // The bar is drawn in the caption band, black, and nowhere in the code's quiet zone above it.
    const pixels = PNG.sync.read(Buffer.from(png['1_徐汇店-store-001.png']!));
    const at = (x: number, y: number) => pixels.data[(y * 430 + x) * 4]!;
    expect(at(200, 430 + (captionHeight(430) >> 1))).toBe(0);
    // Outside the text's box the band stays white; above it, the quiet zone too.
    expect(at(50, 430 + (captionHeight(430) >> 1))).toBe(255);
    expect(at(200, 429)).toBe(255);
    expect(readPng(png['2_store-002.png']!)).toEqual({ width: 430, height: 430, text: without.url });

    const svg = unzip(await buildQrZip([withLabel], { format: 'svg', caption: true })).files;
    const drawing = new TextDecoder().decode(svg['徐汇店-store-001.svg']);
    expect(drawing).toContain('>徐汇店</text></svg>');
  });
});

describe('buildQrZip with another renderer (workers) and images in flight', () => {
  it('keeps record order and names whatever order the images finish in, with at most `parallel` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const progress: number[] = [];
    const zip = await buildQrZip(RECORDS, {
      format: 'png',
      parallel: 3,
      caption: true,
      onProgress: (done) => progress.push(done),
      renderPng: async (job) => {
        asked.push(job.caption);
        most = Math.max(most, ++inFlight);
        // Later records finish first.
        await new Promise((resolve) => setTimeout(resolve, 20 - asked.length * 3));
        inFlight--;
        return new TextEncoder().encode(`${job.url}|${job.caption}|${job.sizePx}`);
      },
    });
    const files = unzipSync(zip);
    const names = Object.keys(files).filter((name) => name !== MANIFEST_NAME);
    expect(names).toEqual(['Poster-1001.png', 'Poster-1001-2.png', 'poster-1001-3.png', 'Poster-1001-2-2.png', '门店·徐汇-上海.png', expect.any(String)]);
    names.forEach((name, index) => expect(new TextDecoder().decode(files[name])).toBe(`${RECORDS[index]!.url}|${RECORDS[index]!.label}|1280`));
    expect(most).toBe(3);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fails as a whole when one image fails, and asks for no more after it', async () => {
    let asked = 0;
    let inFlight = 0;
    const failing = buildQrZip(RECORDS, {
      format: 'png',
      parallel: 2,
      renderPng: async () => {
        asked++;
        if (asked === 2) throw new Error('worker crashed');
        inFlight++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return new Uint8Array([1]);
      },
    });
    await expect(failing).rejects.toThrow('worker crashed');
    // Once the renders already out have landed: a ZIP that kept asking would have gone on to every record by then.
    await vi.waitFor(() => expect(inFlight).toBe(0));
    expect(asked).toBeLessThan(RECORDS.length);
  });
});
