/** At most this many requests start per second across all batches: WeChat publishes no rate, this is a polite one. */
export const BATCH_REQUESTS_PER_SECOND = 20;

/**
 * Request slots `1000 / requestsPerSecond` ms apart, shared by every worker of every batch, so the
 * rate holds whatever the concurrency. `pace()` reserves the next slot and waits for it.
 */
export function createPacer(now: () => number, sleep: (ms: number) => Promise<void>, requestsPerSecond = BATCH_REQUESTS_PER_SECOND) {
  const interval = 1000 / requestsPerSecond;
  let nextStart = 0;
  return async function pace(): Promise<void> {
    const at = Math.max(now(), nextStart);
    nextStart = at + interval;
    if (at > now()) await sleep(at - now());
  };
}
