/// <reference lib="webworker" />
/**
 * A dedicated worker that draws ZIP PNGs (png-worker-pool.ts): OffscreenCanvas for captions and
 * CompressionStream for deflate both exist in workers, so a ZIP of 1,000 codes uses every core
 * instead of the page's one thread.
 */
import { type PngRenderJob, renderPngJob } from './png-job';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<{ id: number; job: PngRenderJob }>) => {
  const { id, job } = event.data;
  try {
    const png = await renderPngJob(job);
    self.postMessage({ id, png }, [png.buffer]);
  } catch (thrown) {
    self.postMessage({ id, error: thrown instanceof Error ? thrown.message : String(thrown) });
  }
};
