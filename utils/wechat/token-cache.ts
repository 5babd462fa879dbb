import type { FetchedToken } from './token-endpoints';
import { tokenItem } from '@/utils/storage/items';

/** Stop using a token this long before WeChat says it expires: at most 5 minutes, at least 60 s. */
export function safetyMarginSeconds(expiresIn: number): number {
  return Math.max(60, Math.min(300, Math.floor(expiresIn / 2)));
}

/**
 * The access-token cache every good SDK converges on (contract §3): cached per AppID in
 * storage.session; concurrent callers share one in-flight fetch; a rejected token is dropped only
 * if it is still the cached one, so a late failure never throws away a fresh token.
 */
export class TokenCache {
  private readonly inFlight = new Map<string, Promise<string>>();

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

  private async readOrFetch(appId: string, fetchToken: () => Promise<FetchedToken>): Promise<string> {
    const item = tokenItem(appId);
    const cached = await item.getValue();
    if (cached && cached.usableUntil > this.now()) return cached.accessToken;
    const fetched = await fetchToken();
    const usableFor = fetched.expiresIn - safetyMarginSeconds(fetched.expiresIn);
    // A token with less life left than the margin is used for this call but not cached.
    if (usableFor > 0) await item.setValue({ accessToken: fetched.accessToken, usableUntil: this.now() + usableFor * 1000 });
    return fetched.accessToken;
  }
}
