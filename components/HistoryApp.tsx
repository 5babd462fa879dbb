import { useEffect, useState } from 'preact/hooks';
import { deleteCode, getCode, restoreCode } from '@/utils/history-db';
import { EMPTY_QUERY, type HistoryQuery, codesByIds, firstCodeIds, historyAccounts, queryCodeIds } from '@/utils/history-query';
import { t } from '@/utils/i18n';
import type { QrCodeRecord } from '@/utils/qr-record';
import { CodeDetail } from './CodeDetail';
import { HistoryActions } from './HistoryActions';
import { HistoryToolbar } from './HistoryToolbar';
import { VirtualCodeList } from './VirtualCodeList';

/** Typing in the search box runs a query after this pause, not on every key. */
const SEARCH_DEBOUNCE_MS = 150;
/** Rows drawn from a quick index read while the full ordered list loads: more than a screen. */
const FIRST_ROWS = 60;

/** The full-page history: search and filters, the virtualized list, one code in detail. */
export function HistoryApp() {
  const [query, setQuery] = useState<HistoryQuery>(EMPTY_QUERY);
  const [ids, setIds] = useState<string[]>();
  /** Set while only the first rows are known: the total, for the count and the scroll height. */
  const [partialTotal, setPartialTotal] = useState<number>();
  /** The first rows' records, read before the full id list (which would hold up their reads). */
  const [firstRecords, setFirstRecords] = useState<QrCodeRecord[]>([]);
  const [accounts, setAccounts] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [detail, setDetail] = useState<QrCodeRecord>();
  const [deleted, setDeleted] = useState<QrCodeRecord>();
  const now = Date.now();

  useEffect(() => {
    let current = true;
    const run = async () => {
      const first = await firstCodeIds(query, FIRST_ROWS);
      if (!current) return;
      // Never keep records read for an earlier query or before an edit.
      if (!first) setFirstRecords([]);
      if (first) {
        const records = await codesByIds(first.ids);
        // The query may have changed while these were read: a stale answer must not replace a newer one.
        if (!current) return;
        setFirstRecords(records);
        setIds(first.ids);
        setPartialTotal(first.total);
      }
      const found = await queryCodeIds(query);
      if (!current) return;
      setIds(found);
      setPartialTotal(undefined);
    };
    const timer = setTimeout(() => void run(), query.search ? SEARCH_DEBOUNCE_MS : 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, version]);

  // After the list: the accounts' index scan would otherwise slow the first rows' reads.
  const complete = ids !== undefined && partialTotal === undefined;
  useEffect(() => {
    if (complete) void historyAccounts().then(setAccounts);
  }, [version, complete]);

  const reload = () => setVersion((v) => v + 1);

  async function open(id: string) {
    setDetail(await getCode(id));
  }

  async function remove(record: QrCodeRecord) {
    await deleteCode(record.id);
    setDeleted(record);
    setDetail(undefined);
    reload();
  }

  async function undoDelete() {
    if (!deleted) return;
    await restoreCode(deleted);
    setDetail(deleted);
    setDeleted(undefined);
    reload();
  }

  function toggle(id: string) {
    setSelected((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  return (
    <main class="history">
      <header class="history-header">
        <h1>{t('historyTitle')}</h1>
        <span class="hint" data-testid="history-count">
          {ids && t('historyCount', [String(partialTotal ?? ids.length)])}
          {selected.size > 0 && ` · ${t('historySelected', [String(selected.size)])}`}
        </span>
      </header>
      <HistoryToolbar query={query} accounts={accounts} onChange={(patch) => setQuery((old) => ({ ...old, ...patch }))} />
      <HistoryActions
        shownIds={complete && ids ? ids : []}
        selectedIds={[...selected]}
        onSelectAll={() => complete && setSelected(new Set(ids))}
        onClearSelection={() => setSelected(new Set())}
        onChanged={reload}
      />
      {deleted && (
        <p class="status toast" role="status">
          {t('deleted', [deleted.label || deleted.scene])}{' '}
          <button type="button" onClick={undoDelete}>{t('undo')}</button>
        </p>
      )}
      <div class="history-body">
        {ids && <VirtualCodeList ids={ids} total={partialTotal} initialRecords={firstRecords} version={version} now={now} selected={selected} activeId={detail?.id} onToggle={toggle} onOpen={open} />}
        {detail && (
          <CodeDetail
            key={detail.id}
            record={detail}
            now={now}
            onChanged={(record) => {
              setDetail(record);
              reload();
            }}
            onDelete={remove}
            onRenewed={(record) => {
              setDetail(record);
              reload();
            }}
          />
        )}
      </div>
    </main>
  );
}
