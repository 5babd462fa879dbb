import type { QrCodeRecord } from '@/utils/codes/record';

/**
 * What a write did to history, announced after its transaction committed, so that the history
 * page's in-memory index (history-index.ts) stays current without reading the store again.
 * `reload` tells another page to rebuild: sent instead of a bulk `put` (an import of 100,000
 * codes would otherwise be cloned to every listening page).
 */
export type HistoryChange =
  { kind: 'put'; records: readonly QrCodeRecord[] } | { kind: 'delete'; ids: readonly string[] } | { kind: 'clear' } | { kind: 'reload' };

type Listener = (change: HistoryChange) => void;

/** Changes with more records than this reach other pages as `reload`. */
const MAX_BROADCAST_RECORDS = 100;
const CHANNEL_NAME = 'scene-qr-history';

const listeners = new Set<Listener>();
let channel: BroadcastChannel | undefined;

/**
 * One channel per page or worker: the background saves created and renewed codes, and other
 * history pages edit, delete and import; each must reach every open history page. Unref'd where
 * that exists (Node, in tests), so an open channel never keeps a process alive.
 */
function historyChannel(): BroadcastChannel | undefined {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  channel.onmessage = (event: MessageEvent<HistoryChange>) => notify(event.data);
  return channel;
}

function notify(change: HistoryChange): void {
  for (const listener of listeners) listener(change);
}

/** Tells this page's listeners (synchronously) and every other page of the extension. */
export function announceHistoryChange(change: HistoryChange): void {
  notify(change);
  const remote = change.kind === 'put' && change.records.length > MAX_BROADCAST_RECORDS ? { kind: 'reload' as const } : change;
  historyChannel()?.postMessage(remote);
}

/** Calls `listener` with every change, from this page or another; returns the unsubscribe. */
export function onHistoryChange(listener: Listener): () => void {
  historyChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
