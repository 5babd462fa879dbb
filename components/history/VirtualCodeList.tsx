import { useEffect, useRef, useState } from 'preact/hooks';
import { codesByIds } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';
import { CodeRow } from './CodeRow';

export const ROW_HEIGHT = 56;
/** Rows drawn above and below the viewport, so fast scrolling does not show gaps. */
const OVERSCAN = 8;
/** One empty default: a new [] each render would re-run the effect that takes initialRecords, forever. */
const NO_RECORDS: readonly QrCodeRecord[] = [];

export interface VirtualCodeListProps {
  ids: readonly string[];
  /** While only the first ids are known: the full count, so the scroll height is right from the start. */
  total?: number;
  /** Records already read for some of the ids (the first rows), so they draw without another read. */
  initialRecords?: readonly QrCodeRecord[];
  /** The records the page holds in memory (the history index, once built): rows scrolled to draw from it at once. */
  recordsOf?: (ids: readonly string[]) => QrCodeRecord[];
  /** Bumped when records change (edit, delete, import), to drop cached rows. */
  version: number;
  now: number;
  selected: ReadonlySet<string>;
  activeId?: string;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}

/**
 * Only the rows in view exist in the DOM, so a history of 100,000 codes scrolls like one of 100. Their
 * records come from the page's in-memory index once it is built; before that, the rows in view are
 * read from IndexedDB.
 */
export function VirtualCodeList({
  ids,
  total,
  initialRecords = NO_RECORDS,
  recordsOf,
  version,
  now,
  selected,
  activeId,
  onToggle,
  onOpen,
}: VirtualCodeListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [records, setRecords] = useState<Map<string, QrCodeRecord>>(() => new Map(initialRecords.map((r) => [r.id, r])));

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => setRecords(new Map(initialRecords.map((r) => [r.id, r]))), [version, initialRecords]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(ids.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = ids.slice(first, last);
  // The index is kept current with every change, so it goes first; `records` may predate an edit until `version` moves.
  const held = new Map((recordsOf?.(visible) ?? []).map((record) => [record.id, record]));
  const recordOf = (id: string) => held.get(id) ?? records.get(id);

  useEffect(() => {
    const missing = visible.filter((id) => !recordOf(id));
    if (missing.length === 0) return;
    let current = true;
    void codesByIds(missing).then((loaded) => {
      // Nothing found (deleted meanwhile; the list follows on the change): no new state, or this would ask again and again.
      if (!current || loaded.length === 0) return;
      setRecords((old) => {
        const next = new Map(old);
        for (const record of loaded) next.set(record.id, record);
        return next;
      });
    });
    return () => {
      current = false;
    };
  }, [first, last, ids, records, recordsOf]);

  if (ids.length === 0) return <p class="hint history-empty">{t('historyEmpty')}</p>;
  return (
    <div class="virtual-list" ref={viewport} role="table" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: `${(total ?? ids.length) * ROW_HEIGHT}px`, position: 'relative' }}>
        {visible.map((id, i) => {
          const record = recordOf(id);
          return (
            <div key={id} class="row-slot" style={{ top: `${(first + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}>
              {record && <CodeRow record={record} now={now} selected={selected.has(id)} active={activeId === id} onToggle={onToggle} onOpen={onOpen} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
