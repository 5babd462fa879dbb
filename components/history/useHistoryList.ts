import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ExpiryWindow } from '@/utils/expiry/windows';
import { onHistoryChange } from '@/utils/history/changes';
import type { HistoryIndex } from '@/utils/history/index-search';
import { EMPTY_QUERY, type HistoryQuery, countCodes, firstCodes } from '@/utils/history/query';
import type { QrCodeRecord } from '@/utils/codes/record';
import { watchHistoryIndex } from '@/utils/history/live-index';

/** Typing in the search box runs a query after this pause, not on every key. */
export const SEARCH_DEBOUNCE_MS = 150;
/** Rows drawn from a quick index cursor while the history index is built: more than a screen. */
export const FIRST_ROWS = 60;

export interface HistoryList {
  /** The ids shown, in order: every match once `complete`, else only the first rows. */
  ids?: string[];
  /** How many codes match: known before `ids` is complete (from count()), undefined until then. */
  total?: number;
  complete: boolean;
  /** Records already read for the first rows, so they draw without another read. */
  firstRecords: QrCodeRecord[];
  /** Bumped whenever history changes (here, in another page or in the background). */
  dataVersion: number;
  accounts: string[];
  /** The records of these ids from the in-memory index (empty before it is built): what export, the ZIP and the rows use. */
  recordsOf: (ids: readonly string[]) => QrCodeRecord[];
  /** Codes expiring within 3 / 7 days that nothing replaced yet, over all of history; undefined before the index is built. */
  expiringCounts?: Record<ExpiryWindow, number>;
  /** The id of the code that renewed this one, if the index knows one. */
  replacedBy: (id: string) => string | undefined;
}

/**
 * The list for a query. Opening draws the first rows from a bounded cursor, then asks the count,
 * and only then builds the in-memory index (reading every record once, seconds at 100,000
 * codes), so nothing queues in front of the first screen's reads. Once the index is there, every
 * query (search, filters, sorts) is answered from memory. `prefetched`: the first rows of
 * EMPTY_QUERY, read while the page rendered (entrypoints/codes/main.tsx); used once, and only if
 * nothing was written since.
 */
export function useHistoryList(query: HistoryQuery, prefetched?: Promise<QrCodeRecord[] | undefined>): HistoryList {
  const early = useRef(prefetched);
  const [index, setIndex] = useState<HistoryIndex>();
  const [indexVersion, setIndexVersion] = useState(0);
  const [indexWanted, setIndexWanted] = useState(false);
  const [dataVersion, setDataVersion] = useState(0);
  const [list, setList] = useState<Pick<HistoryList, 'ids' | 'total' | 'complete'>>({ complete: false });
  const [firstRecords, setFirstRecords] = useState<QrCodeRecord[]>([]);

  // Any write drops the first rows' records (they may be stale) and re-runs the query.
  useEffect(
    () =>
      onHistoryChange(() => {
        setFirstRecords([]);
        setDataVersion((v) => v + 1);
      }),
    [],
  );

  useEffect(() => {
    if (!indexWanted) return;
    return watchHistoryIndex((built) => {
      setIndex(built);
      setIndexVersion((v) => v + 1);
    });
  }, [indexWanted]);

  useEffect(() => {
    let current = true;
    const fromIndex = (built: HistoryIndex) => setList({ ids: built.query(query), complete: true });
    const quick = async () => {
      const prefetch = query === EMPTY_QUERY && dataVersion === 0 ? early.current : undefined;
      early.current = undefined;
      const records = await (prefetch ?? firstCodes(query, FIRST_ROWS));
      // The query may have changed while these were read: a stale answer must not replace a newer one.
      if (!current) return;
      if (!records) {
        setList({ complete: false });
        setIndexWanted(true);
        return;
      }
      setFirstRecords(records);
      setList({ ids: records.map((record) => record.id), complete: false });
      const total = await countCodes();
      if (!current) return;
      setList((old) => ({ ...old, total }));
      setIndexWanted(true);
    };
    const run = () => (index ? fromIndex(index) : void quick());
    // Only typing waits; anything else runs now (a 0 ms timer still waits its turn behind other tasks).
    const timer = query.search ? setTimeout(run, SEARCH_DEBOUNCE_MS) : (run(), undefined);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, index, indexVersion, dataVersion]);

  const recordsOf = useCallback((ids: readonly string[]) => index?.records(ids) ?? [], [index]);
  const replacedBy = useCallback((id: string) => index?.replacedBy(id), [index, indexVersion]);
  // The index changes in place: its version (and any write) says when to count again.
  const expiringCounts = useMemo(() => index?.expiringCounts(), [index, indexVersion, dataVersion]);
  return { ...list, firstRecords, dataVersion, accounts: index?.accounts() ?? [], recordsOf, expiringCounts, replacedBy };
}
