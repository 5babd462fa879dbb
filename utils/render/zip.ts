/**
 * Many codes at once: one ZIP holding an image per record, redrawn locally from `record.url` (no
 * WeChat request, works for expired tickets too), and a manifest.csv saying which file is which code.
 */
import { type Zippable, zipSync } from 'fflate';
import { csvCell } from '@/utils/history/csv';
import type { QrCodeRecord } from '@/utils/codes/record';
import { type PngSize, type QrEcc, renderQrSvg } from './qr';
import { type CaptionRaster, canvasCaption, renderCaptionedQrSvg } from './caption';
import { qrImageFileName } from '@/utils/codes/image-download';
import { patternFileName } from './zip-file-name';
import { type PngRenderJob, renderPngJob } from './png-job';

export interface QrZipOptions {
  format: 'png' | 'svg';
  /** PNG width and height; ignored for SVG. Default 1280 (print size). */
  sizePx?: PngSize;
  ecc?: QrEcc;
  /** Print the label under each code (records without a label get none). */
  caption?: boolean;
  /** For tests: how caption text becomes pixels (default: OffscreenCanvas). */
  captionRaster?: CaptionRaster;
  /** File names such as "{label}-{scene}" (see patternFileName); default: label-scene as single downloads. */
  namePattern?: string;
  /** Called after each image with (images done, number of records). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects with `signal.reason` (an AbortError DOMException for a plain `abort()`). */
  signal?: AbortSignal;
  /** Who draws each PNG (default: this thread; png-worker-pool.ts draws them in workers). */
  renderPng?: (job: PngRenderJob) => Promise<Uint8Array>;
  /** PNGs in flight at once: with workers, twice their number keeps each busy. Default 1. */
  parallel?: number;
}

export const MANIFEST_NAME = 'manifest.csv';
const MANIFEST_COLUMNS = ['file', 'scene', 'label', 'kind', 'ticket', 'url', 'expiresAt'] as const;

/** Drawing a PNG takes a few ms: hand the thread back about once a frame so the page keeps painting. */
const YIELD_AFTER_MS = 16;

export async function buildQrZip(records: readonly QrCodeRecord[], options: QrZipOptions): Promise<Uint8Array> {
  const { format, sizePx = 1280, ecc, onProgress, signal, caption = false, captionRaster = canvasCaption, namePattern } = options;
  signal?.throwIfAborted();
  const taken = new Set<string>();
  // Names first, in record order: they must not depend on which image is drawn first.
  const names = records.map((record, index) =>
    uniqueName(namePattern === undefined ? qrImageFileName(record, format) : patternFileName(namePattern, record, index + 1, format), taken),
  );
  const renderPng = options.renderPng ?? ((job: PngRenderJob) => renderPngJob(job, captionRaster));
  const image = (record: QrCodeRecord): Promise<Uint8Array> | Uint8Array => {
    const label = caption ? record.label : '';
    if (format === 'png') return renderPng({ url: record.url, caption: label, sizePx, ecc });
    return new TextEncoder().encode(label ? renderCaptionedQrSvg(record.url, label, { ecc }) : renderQrSvg(record.url, { ecc }));
  };

  const images: Uint8Array[] = new Array(records.length);
  let next = 0;
  let done = 0;
  let stopped = false;
  let lastYield = performance.now();
  // Up to `parallel` images in flight (workers draw them meanwhile); one when drawn on this thread.
  async function lane(): Promise<void> {
    while (!stopped && next < records.length) {
      const index = next++;
      images[index] = await image(records[index]!);
      signal?.throwIfAborted();
      onProgress?.(++done, records.length);
      if (performance.now() - lastYield >= YIELD_AFTER_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        signal?.throwIfAborted();
        lastYield = performance.now();
      }
    }
  }
  const lanes = format === 'png' ? Math.max(1, options.parallel ?? 1) : 1;
  await Promise.all(Array.from({ length: lanes }, lane)).catch((thrown: unknown) => {
    stopped = true;
    throw thrown;
  });

  const files: Zippable = {};
  const manifest = [MANIFEST_COLUMNS.join(',')];
  records.forEach((record, index) => {
    const name = names[index]!;
    // PNG is already deflated inside: a second pass costs time and saves nothing, so store it.
    files[name] = format === 'png' ? [images[index]!, { level: 0 }] : images[index]!;
    const expiresAt = record.expiresAt === null ? '' : new Date(record.expiresAt).toISOString();
    const row = [name, record.scene, record.label, record.actionName, record.ticket, record.url, expiresAt];
    manifest.push(row.map(csvCell).join(','));
  });
  // Same conventions as the history CSV export (BOM for Excel, CRLF, formula escaping via csvCell).
  files[MANIFEST_NAME] = new TextEncoder().encode(`\uFEFF${manifest.join('\r\n')}\r\n`);
  // zipSync, not the async zip(): that one needs Web Workers, which a service worker does not have.
  // It also writes sizes into each local header, which some unzip tools need for stored entries.
  // fflate sets the UTF-8 flag itself on every entry whose name is not plain ASCII.
  return zipSync(files, { level: 6 });
}

/**
 * `name`, or `stem-2.ext`, `stem-3.ext` … if taken. Compared case-insensitively: Windows and macOS
 * would otherwise overwrite "A.png" with "a.png" when extracting.
 */
function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name.slice(0, dot)}-${n}${name.slice(dot)}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
