/**
 * QR renderer bench: our renderer (utils/render/qr.ts: `qr` matrix, hand-written 1-bit PNG, one-path
 * SVG) against `qrcode` (matrix, toCanvas + canvas.toBlob, toString svg), for the same url text, in
 * Debian's Chromium. Both are bundled and minified by esbuild into one script run in about:blank:
 * same engine as an extension page, without needing the extension build.
 *
 * Each output is also checked, so a fast but broken renderer cannot win: both PNGs are decoded here
 * (pngjs + jsQR), both SVGs are drawn by Chromium onto a canvas and decoded the same way.
 */
import { build } from 'esbuild';
import jsQR from 'jsqr';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { resolve } from 'node:path';
import { CHROMIUM_PATH } from '../test/e2e/support/extension-browser';
import { median } from './stats';
import { type Row, kb, ms } from './table';

const ROOT = resolve(import.meta.dirname, '..');

/** The shape of a `url` WeChat returns today ("02" + 22 characters): version 4, 33×33 modules at 'medium'. */
export const QR_BENCH_TEXT = 'http://weixin.qq.com/q/02kZgfwMTm72WWPkovabbI1c';
const PNG_SIZE = 2560;
const SAMPLES = 30;
const WARMUP_RUNS = 5;
const WARMUP_MS = 300;
/**
 * performance.now() is coarsened to 100 µs in a page that is not cross-origin isolated: an
 * operation faster than a few ms is repeated until one sample lasts at least this long, and the
 * sample is the mean per operation.
 */
const MIN_SAMPLE_MS = 10;
const PNG_RATIO_TARGET = 0.25;

/** What runs in the page: both renderers with the same settings (ecc M, 4-module quiet zone). */
const PAGE_SCRIPT = `
import QRCode from 'qrcode';
import { qrMatrix, renderQrPng, renderQrSvg } from './utils/render/qr';

type Op = () => unknown;

async function runOnce(op: Op): Promise<unknown> {
  const result = op();
  return result instanceof Promise ? await result : result;
}

async function sample(op: Op, reps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await runOnce(op);
  return (performance.now() - t0) / reps;
}

/** Doubles the repetitions until one sample lasts MIN_SAMPLE_MS. */
async function calibrate(op: Op): Promise<number> {
  for (let reps = 1; ; reps *= 2) if ((await sample(op, reps)) * reps >= ${MIN_SAMPLE_MS}) return reps;
}

/** Warm-up: JIT tiers, lazy tables, canvas and PNG encoder start-up. At least a number of runs and a time. */
async function warmUp(op: Op): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < ${WARMUP_RUNS} || performance.now() - t0 < ${WARMUP_MS}; i++) await runOnce(op);
}

/** Warm-up, then interleaved samples, which of the two goes first alternating. */
async function compare(ours: Op, theirs: Op) {
  await warmUp(ours);
  await warmUp(theirs);
  const repsOurs = await calibrate(ours);
  const repsTheirs = await calibrate(theirs);
  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  for (let i = 0; i < ${SAMPLES}; i++) {
    if (i % 2 === 0) {
      oursMs.push(await sample(ours, repsOurs));
      theirsMs.push(await sample(theirs, repsTheirs));
    } else {
      theirsMs.push(await sample(theirs, repsTheirs));
      oursMs.push(await sample(ours, repsOurs));
    }
  }
  return { oursMs, theirsMs, repsOurs, repsTheirs };
}

const QRCODE_OPTS = { errorCorrectionLevel: 'M', margin: 4 } as const;

function qrcodePng(text: string, size: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  return QRCode.toCanvas(canvas, text, { ...QRCODE_OPTS, width: size }).then(
    () => new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave null'))), 'image/png')),
  );
}

async function base64(bytes: Uint8Array | Blob): Promise<string> {
  const data = bytes instanceof Blob ? new Uint8Array(await bytes.arrayBuffer()) : bytes;
  let s = '';
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Chromium's own rendering of an SVG, as PNG, to check it decodes. */
async function svgAsPng(svg: string, size: number): Promise<string> {
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  canvas.getContext('2d')!.drawImage(img, 0, 0, size, size);
  return canvas.toDataURL('image/png').split(',')[1]!;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

(globalThis as any).qrBench = async (text: string, size: number) => {
  const matrix = await compare(() => qrMatrix(text), () => QRCode.create(text, QRCODE_OPTS));
  const png = await compare(() => renderQrPng(text, { sizePx: size }), () => qrcodePng(text, size));
  const svg = await compare(() => renderQrSvg(text), () => QRCode.toString(text, { ...QRCODE_OPTS, type: 'svg' }));
  const oursPng = await renderQrPng(text, { sizePx: size });
  const theirsPng = await qrcodePng(text, size);
  const oursSvg = renderQrSvg(text);
  const theirsSvg = await QRCode.toString(text, { ...QRCODE_OPTS, type: 'svg' });
  return {
    userAgent: navigator.userAgent,
    modules: { ours: qrMatrix(text).length, theirs: QRCode.create(text, QRCODE_OPTS).modules.size },
    matrix,
    png,
    svg,
    bytes: { oursPng: oursPng.length, theirsPng: theirsPng.size, oursSvg: utf8Length(oursSvg), theirsSvg: utf8Length(theirsSvg) },
    check: {
      oursPng: await base64(oursPng),
      theirsPng: await base64(theirsPng),
      oursSvg: await svgAsPng(oursSvg, 410),
      theirsSvg: await svgAsPng(theirsSvg, 410),
    },
  };
};
`;

interface Comparison {
  oursMs: number[];
  theirsMs: number[];
  repsOurs: number;
  repsTheirs: number;
}

interface PageResult {
  userAgent: string;
  modules: { ours: number; theirs: number };
  matrix: Comparison;
  png: Comparison;
  svg: Comparison;
  bytes: { oursPng: number; theirsPng: number; oursSvg: number; theirsSvg: number };
  check: { oursPng: string; theirsPng: string; oursSvg: string; theirsSvg: string };
}

export interface QrRenderBench {
  rows: Row[];
  /** Lines printed above the table. */
  notes: string[];
  /** Written to bench/results/qr-render.json. */
  result: Record<string, unknown>;
}

function summarize(c: Comparison) {
  const ours = median(c.oursMs);
  const theirs = median(c.theirsMs);
  return {
    medianMs: { ours, theirs },
    ratio: ours / theirs,
    // The two samples of a round ran back to back: their ratio cancels drift better.
    ratioPerRoundMedian: median(c.oursMs.map((o, i) => o / c.theirsMs[i]!)),
    repsPerSample: { ours: c.repsOurs, theirs: c.repsTheirs },
    samplesMs: { ours: c.oursMs, theirs: c.theirsMs },
  };
}

/** Decodes a base64 PNG and returns its size and what jsQR reads in it. */
function readPng(base64: string): { width: number; height: number; text: string | undefined } {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  const data = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return { width: png.width, height: png.height, text: jsQR(data, png.width, png.height)?.data };
}

export async function benchQrRender(text: string = QR_BENCH_TEXT): Promise<QrRenderBench> {
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: ROOT, sourcefile: 'qr-render-bench-page.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true, // as the extension build ships it
    logLevel: 'error',
  });
  const script = bundle.outputFiles[0]!.text;

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  let page: PageResult;
  const pageErrors: string[] = [];
  try {
    const tab = await browser.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.addScriptTag({ content: script });
    page = await tab.evaluate(([t, size]) => (globalThis as unknown as { qrBench: (t: string, s: number) => Promise<PageResult> }).qrBench(t, size), [
      text,
      PNG_SIZE,
    ] as const);
  } finally {
    await browser.close();
  }

  const checks = {
    oursPng: readPng(page.check.oursPng),
    theirsPng: readPng(page.check.theirsPng),
    oursSvg: readPng(page.check.oursSvg),
    theirsSvg: readPng(page.check.theirsSvg),
  };
  const broken = Object.entries(checks)
    .filter(([name, c]) => c.text !== text || (name.endsWith('Png') && (c.width !== PNG_SIZE || c.height !== PNG_SIZE)))
    .map(([name, c]) => `${name}: ${c.width}×${c.height}, read ${JSON.stringify(c.text)}`);
  if (broken.length > 0) throw new Error(`QR bench output does not read back as ${JSON.stringify(text)}:\n  ${broken.join('\n  ')}`);

  const matrix = summarize(page.matrix);
  const png = summarize(page.png);
  const svg = summarize(page.svg);
  const pngPass = png.ratio <= PNG_RATIO_TARGET;
  const ratio = (r: number) => `${r.toFixed(2)}×`;
  // Sub-millisecond operations need more digits than the popup table's ms().
  const time = (v: number) => (v < 1 ? `${v.toFixed(3)} ms` : ms(v));
  const rows: Row[] = [
    { metric: 'QR matrix: `qr` (ours)', median: time(matrix.medianMs.ours), target: '', pass: undefined },
    { metric: 'QR matrix: `qrcode.create`', median: time(matrix.medianMs.theirs), target: '', pass: undefined },
    { metric: 'QR matrix: ours / qrcode', median: ratio(matrix.ratio), target: '', pass: undefined },
    { metric: `PNG ${PNG_SIZE} px: ours (1-bit, CompressionStream)`, median: time(png.medianMs.ours), target: '', pass: undefined },
    { metric: `PNG ${PNG_SIZE} px: \`qrcode\` toCanvas + toBlob`, median: time(png.medianMs.theirs), target: '', pass: undefined },
    { metric: `PNG ${PNG_SIZE} px: ours / qrcode`, median: ratio(png.ratio), target: `≤ ${PNG_RATIO_TARGET}×`, pass: pngPass },
    { metric: `PNG ${PNG_SIZE} px file: ours`, median: kb(page.bytes.oursPng), target: '', pass: undefined },
    { metric: `PNG ${PNG_SIZE} px file: qrcode`, median: kb(page.bytes.theirsPng), target: '', pass: undefined },
    { metric: 'SVG: ours (one path)', median: time(svg.medianMs.ours), target: '', pass: undefined },
    { metric: "SVG: `qrcode.toString({type:'svg'})`", median: time(svg.medianMs.theirs), target: '', pass: undefined },
    { metric: 'SVG: ours / qrcode', median: ratio(svg.ratio), target: '', pass: undefined },
    { metric: 'SVG file: ours', median: kb(page.bytes.oursSvg), target: '', pass: undefined },
    { metric: 'SVG file: qrcode', median: kb(page.bytes.theirsSvg), target: '', pass: undefined },
  ];

  const notes = [
    `QR renderers: ${JSON.stringify(text)} (${page.modules.ours}×${page.modules.ours} modules; qrcode ${page.modules.theirs}×${page.modules.theirs}), ecc M, 4-module quiet zone.`,
    `Chromium headless, about:blank, esbuild-minified bundle; median of ${SAMPLES} interleaved samples after warm-up (≥ ${WARMUP_RUNS} runs and ≥ ${WARMUP_MS} ms each).`,
    `Operations per sample (a sample lasts ≥ ${MIN_SAMPLE_MS} ms): matrix ${page.matrix.repsOurs} / ${page.matrix.repsTheirs}, PNG ${page.png.repsOurs} / ${page.png.repsTheirs}, SVG ${page.svg.repsOurs} / ${page.svg.repsTheirs} (ours / qrcode).`,
    `Per-round ratio medians: matrix ${ratio(matrix.ratioPerRoundMedian)}, PNG ${ratio(png.ratioPerRoundMedian)}, SVG ${ratio(svg.ratioPerRoundMedian)}.`,
    'All four outputs (both PNGs, both SVGs as drawn by Chromium) decode back to the text with jsQR.',
  ];
  if (pageErrors.length > 0) notes.push(`Page errors seen: ${pageErrors.join('; ')}`);

  const result = {
    date: new Date().toISOString(),
    userAgent: page.userAgent,
    text,
    modules: page.modules,
    settings: {
      ecc: 'medium',
      quietZoneModules: 4,
      pngSizePx: PNG_SIZE,
      samples: SAMPLES,
      warmupRuns: WARMUP_RUNS,
      warmupMs: WARMUP_MS,
      minSampleMs: MIN_SAMPLE_MS,
    },
    matrix,
    png: { ...png, ratioTarget: PNG_RATIO_TARGET, pass: pngPass },
    svg,
    bytes: page.bytes,
    decodedBack: Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, c.text === text])),
    pageErrors,
  };
  return { rows, notes, result };
}
