import { type QrZipOptions, buildQrZip } from './zip';
import { createPngWorkerPool } from './png-worker-pool';
import type { QrCodeRecord } from '@/utils/codes/record';

/**
 * buildQrZip with its PNGs drawn in a pool of workers (one per core), closed when the ZIP is done.
 * Where workers cannot start, the page draws them itself. Two images per worker in flight: one
 * being drawn while the other's bytes travel back.
 */
export async function buildQrZipInWorkers(records: readonly QrCodeRecord[], options: QrZipOptions): Promise<Uint8Array> {
  const pool = options.format === 'png' ? createPngWorkerPool() : undefined;
  try {
    return await buildQrZip(records, pool ? { ...options, renderPng: (job) => pool.render(job), parallel: 2 * pool.size } : options);
  } finally {
    pool?.close();
  }
}
