import type { PngRenderJob } from './png-job';
// Vite bundles the worker (and what it imports) into a file of its own and gives its constructor.
import PngWorker from './png-worker?worker';

/**
 * Draws ZIP PNGs in dedicated workers, one per core (at most 4): a captioned 1280 px code costs
 * ~8 ms of canvas and deflate, and a ZIP of 1,000 on the page's one thread took 11-15 s here.
 */
export interface PngWorkerPool {
  size: number;
  render(job: PngRenderJob): Promise<Uint8Array>;
  close(): void;
}

const MAX_WORKERS = 4;

type Answer = { id: number; png: Uint8Array } | { id: number; error: string };

/** Undefined where workers cannot start (then the ZIP is drawn on the page, as before). */
export function createPngWorkerPool(size = Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1)): PngWorkerPool | undefined {
  let workers: Worker[];
  try {
    workers = Array.from({ length: size }, () => new PngWorker());
  } catch {
    return undefined;
  }
  const waiting = new Map<number, { resolve: (png: Uint8Array) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let nextWorker = 0;
  for (const worker of workers) {
    worker.onmessage = (event: MessageEvent<Answer>) => {
      const answer = event.data;
      const call = waiting.get(answer.id);
      waiting.delete(answer.id);
      if ('png' in answer) call?.resolve(answer.png);
      else call?.reject(new Error(answer.error));
    };
    worker.onerror = (event) => {
      // A worker that failed to load or crashed: every call still out fails, so the ZIP reports it.
      for (const call of waiting.values()) call.reject(new Error(event.message || 'PNG worker failed'));
      waiting.clear();
    };
  }
  return {
    size,
    render(job) {
      const id = nextId++;
      const worker = workers[nextWorker]!;
      nextWorker = (nextWorker + 1) % workers.length;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      });
    },
    close() {
      for (const worker of workers) worker.terminate();
      for (const call of waiting.values()) call.reject(new Error('PNG workers closed'));
      waiting.clear();
    },
  };
}
