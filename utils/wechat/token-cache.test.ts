import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tokenItem } from '@/utils/storage/items';
import { TokenCache, safetyMarginSeconds } from './token-cache';
import type { FetchedToken } from './token-endpoints';

const APP_ID = 'wx0123456789abcdef';
const T0 = 1_700_000_000_000;

/** A clock the test moves by hand. */
function clock(start = T0) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

function fetcher(...tokens: FetchedToken[]) {
  const queue = [...tokens];
  return vi.fn(async (): Promise<FetchedToken> => {
    const next = queue.shift();
    if (!next) throw new Error('unexpected extra token fetch');
    return next;
  });
}

describe('safetyMarginSeconds', () => {
  it('is 5 minutes for a full 7200 s token', () => {
    expect(safetyMarginSeconds(7200)).toBe(300);
  });

  it('never exceeds 300 s however long the token lives', () => {
    expect(safetyMarginSeconds(1_000_000)).toBe(300);
  });

  it('is half the remaining life for a short-lived stable token (345 s → 172 s)', () => {
    expect(safetyMarginSeconds(345)).toBe(172);
  });

  it('is at least 60 s even for a token with almost no life left', () => {
    expect(safetyMarginSeconds(100)).toBe(60);
    expect(safetyMarginSeconds(30)).toBe(60);
    expect(safetyMarginSeconds(0)).toBe(60);
  });
});

describe('TokenCache.get: single flight', () => {
  it('10 concurrent callers share exactly one fetch and all get its token', async () => {
    const cache = new TokenCache(clock().now);
    let release!: (token: FetchedToken) => void;
    const fetchToken = vi.fn(() => new Promise<FetchedToken>((resolve) => (release = resolve)));

    const callers = Array.from({ length: 10 }, () => cache.get(APP_ID, fetchToken));
    // Let every caller reach the point where it would fetch.
    await new Promise((resolve) => setTimeout(resolve, 0));
    release({ accessToken: 'TOKEN-A', expiresIn: 7200 });

    expect(await Promise.all(callers)).toEqual(Array(10).fill('TOKEN-A'));
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('a caller arriving after the shared fetch settled reads the cache instead of fetching again', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = fetcher({ accessToken: 'TOKEN-A', expiresIn: 7200 });
    await Promise.all([cache.get(APP_ID, fetchToken), cache.get(APP_ID, fetchToken)]);
    expect(await cache.get(APP_ID, fetchToken)).toBe('TOKEN-A');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('a failed shared fetch rejects every waiting caller and the next call fetches afresh', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = vi
      .fn<() => Promise<FetchedToken>>()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValueOnce({ accessToken: 'TOKEN-B', expiresIn: 7200 });

    const results = await Promise.allSettled([cache.get(APP_ID, fetchToken), cache.get(APP_ID, fetchToken)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(fetchToken).toHaveBeenCalledTimes(1);

    expect(await cache.get(APP_ID, fetchToken)).toBe('TOKEN-B');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('keeps tokens of different AppIDs apart', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = fetcher({ accessToken: 'TOKEN-1', expiresIn: 7200 }, { accessToken: 'TOKEN-2', expiresIn: 7200 });
    expect(await cache.get(APP_ID, fetchToken)).toBe('TOKEN-1');
    expect(await cache.get('wxfedcba9876543210', fetchToken)).toBe('TOKEN-2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });
});

describe('TokenCache.get: lifetime', () => {
  it('stores the token in storage.session with usableUntil = now + (expires_in - margin)', async () => {
    const cache = new TokenCache(clock().now);
    await cache.get(APP_ID, fetcher({ accessToken: 'TOKEN-A', expiresIn: 7200 }));
    expect(await tokenItem(APP_ID).getValue()).toEqual({ accessToken: 'TOKEN-A', usableUntil: T0 + (7200 - 300) * 1000 });
    const session = await fakeBrowser.storage.session.get(null);
    expect(Object.keys(session)).toEqual([`accessToken:${APP_ID}`]);
  });

  it('reuses the cached token up to the last millisecond before usableUntil', async () => {
    const time = clock();
    const cache = new TokenCache(time.now);
    const fetchToken = fetcher({ accessToken: 'TOKEN-A', expiresIn: 7200 }, { accessToken: 'TOKEN-B', expiresIn: 7200 });
    await cache.get(APP_ID, fetchToken);

    time.advance((7200 - 300) * 1000 - 1);
    expect(await cache.get(APP_ID, fetchToken)).toBe('TOKEN-A');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it("fetches a new token once usableUntil is reached (margin before WeChat's own expiry)", async () => {
    const time = clock();
    const cache = new TokenCache(time.now);
    const fetchToken = fetcher({ accessToken: 'TOKEN-A', expiresIn: 7200 }, { accessToken: 'TOKEN-B', expiresIn: 7200 });
    await cache.get(APP_ID, fetchToken);

    time.advance((7200 - 300) * 1000);
    expect(await cache.get(APP_ID, fetchToken)).toBe('TOKEN-B');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('caches a short remaining stable-token life (345 s) for 345 - 172 = 173 s', async () => {
    const cache = new TokenCache(clock().now);
    await cache.get(APP_ID, fetcher({ accessToken: 'TOKEN-A', expiresIn: 345 }));
    expect((await tokenItem(APP_ID).getValue())?.usableUntil).toBe(T0 + 173 * 1000);
  });

  it('uses but does not cache a token whose expires_in is below the margin', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = fetcher({ accessToken: 'SHORT', expiresIn: 30 }, { accessToken: 'NEXT', expiresIn: 7200 });

    expect(await cache.get(APP_ID, fetchToken)).toBe('SHORT');
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
    // The next caller therefore fetches again instead of receiving a nearly dead token.
    expect(await cache.get(APP_ID, fetchToken)).toBe('NEXT');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('does not cache a token whose expires_in equals the 60 s minimum margin', async () => {
    const cache = new TokenCache(clock().now);
    expect(await cache.get(APP_ID, fetcher({ accessToken: 'EDGE', expiresIn: 60 }))).toBe('EDGE');
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
  });

  it('reads a token cached by another TokenCache instance (e.g. before the worker restarted)', async () => {
    await tokenItem(APP_ID).setValue({ accessToken: 'FROM-SESSION', usableUntil: T0 + 1000 });
    const fetchToken = fetcher();
    expect(await new TokenCache(clock().now).get(APP_ID, fetchToken)).toBe('FROM-SESSION');
    expect(fetchToken).not.toHaveBeenCalled();
  });
});

describe('TokenCache.expireIfCurrent: compare-and-expire', () => {
  it('drops the cached token when it is the one that failed', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = fetcher({ accessToken: 'OLD', expiresIn: 7200 }, { accessToken: 'NEW', expiresIn: 7200 });
    await cache.get(APP_ID, fetchToken);

    await cache.expireIfCurrent(APP_ID, 'OLD');
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
    expect(await cache.get(APP_ID, fetchToken)).toBe('NEW');
  });

  it('keeps a newer cached token when a late failure reports a stale one', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = fetcher({ accessToken: 'OLD', expiresIn: 7200 }, { accessToken: 'NEW', expiresIn: 7200 });
    await cache.get(APP_ID, fetchToken);
    await cache.expireIfCurrent(APP_ID, 'OLD');
    expect(await cache.get(APP_ID, fetchToken)).toBe('NEW');

    // A request that started with OLD fails only now: it must not throw NEW away.
    await cache.expireIfCurrent(APP_ID, 'OLD');
    expect((await tokenItem(APP_ID).getValue())?.accessToken).toBe('NEW');
    expect(await cache.get(APP_ID, fetchToken)).toBe('NEW');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('does nothing when no token is cached', async () => {
    await new TokenCache(clock().now).expireIfCurrent(APP_ID, 'ANY');
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
  });
});

describe('TokenCache.forget: wins over a fetch in flight', () => {
  /** Fetches the test answers by hand: `answers[n]` answers the n-th. */
  function deferredFetches() {
    const answers: ((token: FetchedToken) => void)[] = [];
    const fetchToken = vi.fn(() => new Promise<FetchedToken>((resolve) => answers.push(resolve)));
    return { fetchToken, answers };
  }

  it('drops the cached token now', async () => {
    const cache = new TokenCache(clock().now);
    await cache.get(APP_ID, fetcher({ accessToken: 'CACHED', expiresIn: 7200 }));
    await cache.forget(APP_ID);
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
  });

  it('a token fetched before the forget is neither cached nor handed out: the lookup starts over', async () => {
    const cache = new TokenCache(clock().now);
    const { fetchToken, answers } = deferredFetches();
    const waiting = cache.get(APP_ID, fetchToken);
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    await cache.forget(APP_ID);
    // A caller arriving after the forget joins the lookup that starts over, not the old answer.
    const later = cache.get(APP_ID, fetchToken);
    answers[0]!({ accessToken: 'BEFORE-FORGET', expiresIn: 7200 });
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
    answers[1]!({ accessToken: 'AFTER-FORGET', expiresIn: 7200 });
    expect(await Promise.all([waiting, later])).toEqual(['AFTER-FORGET', 'AFTER-FORGET']);
    expect((await tokenItem(APP_ID).getValue())?.accessToken).toBe('AFTER-FORGET');
  });

  it('the fetch that starts over fails as its source now fails (e.g. the secret was sealed), and nothing is cached', async () => {
    const cache = new TokenCache(clock().now);
    let release!: (token: FetchedToken) => void;
    const fetchToken = vi
      .fn<() => Promise<FetchedToken>>()
      .mockImplementationOnce(() => new Promise((resolve) => (release = resolve)))
      .mockRejectedValueOnce(new Error('locked'));
    const waiting = cache.get(APP_ID, fetchToken);
    await vi.waitFor(() => expect(fetchToken).toHaveBeenCalledTimes(1));
    await cache.forget(APP_ID);
    release({ accessToken: 'BEFORE-FORGET', expiresIn: 7200 });
    await expect(waiting).rejects.toThrow('locked');
    expect(await tokenItem(APP_ID).getValue()).toBeNull();
  });

  it('forgetting one AppID leaves a fetch for another alone', async () => {
    const cache = new TokenCache(clock().now);
    const fetchToken = fetcher({ accessToken: 'OTHER', expiresIn: 7200 });
    const other = cache.get('wxfedcba9876543210', fetchToken);
    await cache.forget(APP_ID);
    expect(await other).toBe('OTHER');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });
});
