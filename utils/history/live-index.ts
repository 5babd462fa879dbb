import { type HistoryChange, onHistoryChange } from './changes';
import { HistoryIndex } from './index-search';

/**
 * Builds the history index and keeps it current: `onUpdate` gets the index once built and again
 * after every change any page or the background announces. Changes announced while a build's
 * scan runs are replayed on its result (each is idempotent, so one the scan already saw does no
 * harm); `reload` (a bulk import in another page) starts a new build, and the index shown until
 * then keeps taking changes. Returns the stop function.
 */
export function watchHistoryIndex(onUpdate: (index: HistoryIndex) => void, onError: (error: unknown) => void = console.error): () => void {
  let stopped = false;
  let current: HistoryIndex | undefined;
  /** Changes since the newest build started; undefined when no build runs. */
  let pending: HistoryChange[] | undefined;
  let generation = 0;

  const build = () => {
    const mine = ++generation;
    pending = [];
    // Marks for the bench and DevTools' performance panel (where the page's seconds go).
    performance.mark('history-index:build');
    HistoryIndex.build().then(
      (built) => {
        performance.mark('history-index:built');
        if (stopped || mine !== generation) return;
        for (const change of pending!) if (change.kind !== 'reload') built.apply(change);
        pending = undefined;
        current = built;
        onUpdate(built);
      },
      (error: unknown) => {
        if (!stopped && mine === generation) onError(error);
      },
    );
  };

  const unsubscribe = onHistoryChange((change) => {
    if (change.kind === 'reload') return build();
    pending?.push(change);
    if (current) {
      current.apply(change);
      onUpdate(current);
    }
  });
  build();
  return () => {
    stopped = true;
    unsubscribe();
  };
}
