import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { memoizedItem, setItemsForgetting } from './memo';

/** storage.onChanged is delivered asynchronously, as in Chrome. */
const changeDelivered = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A memoized item and a count of storage reads from now on (WXT's defineItem reads once by itself). */
async function countedItem(key: `local:${string}`) {
  const item = memoizedItem(storage.defineItem<number>(key, { fallback: 0 }));
  await changeDelivered();
  const reads = vi.spyOn(fakeBrowser.storage.local, 'get');
  return { item, reads };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('memoized storage items', () => {
  it('reads storage once, then answers from memory', async () => {
    await fakeBrowser.storage.local.set({ count: 7 });
    const { item, reads } = await countedItem('local:count');
    expect(await item.getValue()).toBe(7);
    expect(await item.getValue()).toBe(7);
    expect(await Promise.all([item.getValue(), item.getValue()])).toEqual([7, 7]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('answers a write made through the item at once', async () => {
    const { item } = await countedItem('local:written');
    expect(await item.getValue()).toBe(0);
    await item.setValue(3);
    expect(await item.getValue()).toBe(3);
    await item.removeValue();
    expect(await item.getValue()).toBe(0);
  });

  it('forgets a value another context changed (storage.onChanged)', async () => {
    const { item, reads } = await countedItem('local:elsewhere');
    expect(await item.getValue()).toBe(0);
    await fakeBrowser.storage.local.set({ elsewhere: 5 });
    await changeDelivered();
    expect(await item.getValue()).toBe(5);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('forgets every item written together by setItemsForgetting', async () => {
    const first = memoizedItem(storage.defineItem<string>('local:first', { fallback: '' }));
    const second = memoizedItem(storage.defineItem<string>('session:second', { fallback: '' }));
    expect([await first.getValue(), await second.getValue()]).toEqual(['', '']);
    await setItemsForgetting([
      { item: first, value: 'a' },
      { item: second, value: 'b' },
    ]);
    expect([await first.getValue(), await second.getValue()]).toEqual(['a', 'b']);
  });

  it('does not remember a failed read', async () => {
    const { item, reads } = await countedItem('local:flaky');
    reads.mockRejectedValueOnce(new Error('storage unavailable'));
    await expect(item.getValue()).rejects.toThrow('storage unavailable');
    expect(await item.getValue()).toBe(0);
  });
});
