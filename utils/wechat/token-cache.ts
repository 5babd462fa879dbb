import type { FetchedToken } from './token-endpoints';
import { tokenItem } from '@/utils/storage/items';

/** Stop using a token this long before WeChat says it expires: at most 5 minutes, at least 60 s. */
export function safetyMarginSeconds(expiresIn: number): number {
  return Math.max(60, Math.min(300, Math.floor(expiresIn / 2)));
}

/**
 * The access-token cache every good SDK converges on (contract §3): cached per AppID in
 * storage.session; concurrent callers share one in-flight fetch; a rejected token is dropped only
 * if it is still the cached one, so a late failure never throws away a fresh token. `forget` wins over
 * a fetch in flight: its answer is neither cached nor handed out, and the lookup starts over.
 */
export class TokenCache {
  private readonly inFlight = new Map<string, Promise<string>>();
  /** Bumped by `forget`: a lookup that sees it change while it fetched or wrote throws its token away. */
  private readonly generations = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The cached token, or one fetch shared by every caller that arrives meanwhile: the cache read is
   * inside the shared promise too, so no caller can slip between "read empty" and "fetched".
   */
  get(appId: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const running = this.inFlight.get(appId);
    if (running) return running;
    const lookup = this.readOrFetch(appId, fetchToken).finally(() => this.inFlight.delete(appId));
    this.inFlight.set(appId, lookup);
    return lookup;
  }

  /** Forget the token only if it is still the one that failed (compare-and-expire). */
  async expireIfCurrent(appId: string, failedToken: string): Promise<void> {
    const item = tokenItem(appId);
    const cached = await item.getValue();
    if (cached?.accessToken === failedToken) await item.removeValue();
  }

  /**
   * Forgets the AppID's token now, and any token a fetch already under way brings back: that fetch's
   * callers (and any who join it) get what a fresh lookup gives instead. The passphrase lock calls
   * this, so a token fetched with a secret the lock just sealed is never used or kept.
   */
  async forget(appId: string): Promise<void> {
    this.generations.set(appId, this.generation(appId) + 1);
    await tokenItem(appId).removeValue();
  }

  private generation(appId: string): number {
    return this.generations.get(appId) ?? 0;
  }

  private async readOrFetch(appId: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const item = tokenItem(appId);
    // Each pass ends early when `forget` ran meanwhile; only a forget can start another pass.
    for (;;) {
      const generation = this.generation(appId);
      const forgotten = () => this.generation(appId) !== generation;
      const cached = await item.getValue();
      if (forgotten()) continue;
      if (cached && cached.usableUntil > this.now()) return cached.accessToken;
      const fetched = await fetchToken();
      if (forgotten()) continue;
      const usableFor = fetched.expiresIn - safetyMarginSeconds(fetched.expiresIn);
      // A token with less life left than the margin is used for this call but not cached.
      if (usableFor > 0) await item.setValue({ accessToken: fetched.accessToken, usableUntil: this.now() + usableFor * 1000 });
      if (!forgotten()) return fetched.accessToken;
      // Forgotten while being written: the write may have landed after forget's removal.
      await this.expireIfCurrent(appId, fetched.accessToken);
    }
  }
}
