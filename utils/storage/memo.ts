import { browser } from 'wxt/browser';
import { type WxtStorageItem, storage } from 'wxt/utils/storage';

/**
 * Storage values the background reads on every WeChat call (the accounts, the current account, the
 * cached token), kept in this worker's memory.
 *
 * Why: each `chrome.storage` read costs the worker ~0.15 ms of argument checking in the API
 * binding plus a round trip to the browser process, and a batch code or a report call made five of
 * them — measured, a fifth of the worker's own time per code (`npm run bench -- batch`).
 *
 * Coherence: every write through a memoized item forgets the value before and after it is written,
 * so a read after the write's promise resolves reads storage again. Writes that do not go through
 * the item (another extension page, `storage.setItems`, a test poking the fake browser) are caught
 * by `storage.onChanged`, which fires in this worker for every change in any context. A worker that
 * Chrome stops loses the memory, and the next one reads storage again.
 */
type Item<T> = WxtStorageItem<T, Record<string, unknown>>;

const forgetters = new Map<string, () => void>();
let listening = false;

/** `local:accounts` for chrome.storage.local's key `accounts`: the key WXT items are named by. */
function itemKey(area: string, key: string): string {
  return `${area}:${key}`;
}

function listenForChanges(): void {
  if (listening) return;
  listening = true;
  browser.storage.onChanged.addListener((changes, area) => {
    for (const key of Object.keys(changes)) forgetters.get(itemKey(area, key))?.();
  });
}

export function memoizedItem<T>(item: Item<T>): Item<T> {
  let memo: Promise<T> | undefined;
  const forget = () => {
    memo = undefined;
  };
  forgetters.set(item.key, forget);
  const written = async <R>(write: () => Promise<R>): Promise<R> => {
    forget();
    try {
      return await write();
    } finally {
      forget();
    }
  };
  return {
    ...item,
    key: item.key,
    get fallback() {
      return item.fallback;
    },
    get defaultValue() {
      return item.defaultValue;
    },
    getValue(): Promise<T> {
      listenForChanges();
      if (memo) return memo;
      const read = item.getValue();
      memo = read;
      // A failed read is not remembered: the next caller tries storage again.
      read.catch(() => {
        if (memo === read) forget();
      });
      return read;
    },
    setValue: (value) => written(() => item.setValue(value)),
    removeValue: (options) => written(() => item.removeValue(options)),
  };
}

/** `storage.setItems` for memoized items too: one write, all of them forgotten around it. */
export async function setItemsForgetting(items: { item: Item<unknown>; value: unknown }[]): Promise<void> {
  const forgetAll = () => items.forEach(({ item }) => forgetters.get(item.key)?.());
  forgetAll();
  try {
    await storage.setItems(items);
  } finally {
    forgetAll();
  }
}

/** For tests that reset the fake browser (storage and listeners) between cases. */
export function forgetMemoizedStorage(): void {
  for (const forget of forgetters.values()) forget();
  listening = false;
}
