import { useEffect, useState } from 'preact/hooks';
import { deleteCode, getCode, restoreCode } from '@/utils/history-db';
import { EMPTY_QUERY, type HistoryQuery, historyAccounts, queryCodeIds } from '@/utils/history-query';
import { t } from '@/utils/i18n';
import type { QrCodeRecord } from '@/utils/qr-record';
import { CodeDetail } from './CodeDetail';
import { HistoryActions } from './HistoryActions';
import { HistoryToolbar } from './HistoryToolbar';
import { VirtualCodeList } from './VirtualCodeList';

/** Typing in the search box runs a query after this pause, not on every key. */
const SEARCH_DEBOUNCE_MS = 150;

/** The full-page history: search and filters, the virtualized list, one code in detail. */
export function HistoryApp() {
  const [query, setQuery] = useState<HistoryQuery>(EMPTY_QUERY);
  const [ids, setIds] = useState<string[]>();
  const [accounts, setAccounts] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [detail, setDetail] = useState<QrCodeRecord>();
  const [deleted, setDeleted] = useState<QrCodeRecord>();
  const now = Date.now();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () => void queryCodeIds(query).then((found) => current && setIds(found)),
      query.search ? SEARCH_DEBOUNCE_MS : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, version]);

  useEffect(() => void historyAccounts().then(setAccounts), [version]);

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
          {ids && t('historyCount', [String(ids.length)])}
          {selected.size > 0 && ` · ${t('historySelected', [String(selected.size)])}`}
        </span>
      </header>
      <HistoryToolbar query={query} accounts={accounts} onChange={(patch) => setQuery((old) => ({ ...old, ...patch }))} />
      <HistoryActions
        shownIds={ids ?? []}
        selectedIds={[...selected]}
        onSelectAll={() => setSelected(new Set(ids))}
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
        {ids && <VirtualCodeList ids={ids} version={version} now={now} selected={selected} activeId={detail?.id} onToggle={toggle} onOpen={open} />}
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
