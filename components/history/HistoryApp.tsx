import { useEffect, useState } from 'preact/hooks';
import { useHistoryStore } from './useHistoryStore';
import { type HistoryQuery, queryFromHash } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';
import { CodeDetail, type LinkedCode } from './CodeDetail';
import { HistoryActions } from './HistoryActions';
import { HistoryToolbar } from './HistoryToolbar';
import { VirtualCodeList } from './VirtualCodeList';
import { useAccountNames } from '@/components/history/useAccountNames';
import { useHistoryList } from './useHistoryList';
import { CurrentSyncStatus } from '@/components/sync/CurrentSyncStatus';

/**
 * The full-page history: search and filters, the virtualized list, one code in detail. The list
 * follows every write to history by itself (useHistoryList), so edits, deletes, imports and codes
 * created meanwhile in the popup show without a reload.
 */
export function HistoryApp({ firstRows }: { firstRows?: Promise<QrCodeRecord[] | undefined> }) {
  const { deleteCode, getCode, restoreCode } = useHistoryStore();
  // A link may ask for a filter (the expiry reminder's notification: #status=within3) or a code (#code=<id>).
  const [query, setQuery] = useState<HistoryQuery>(() => queryFromHash(location.hash));
  const { ids, total, complete, firstRecords, dataVersion, accounts, recordsOf, expiringCounts, replacedBy } = useHistoryList(query, firstRows);
  const accountNames = useAccountNames();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [detail, setDetail] = useState<QrCodeRecord>();
  const [deleted, setDeleted] = useState<QrCodeRecord>();
  const now = Date.now();
  const count = complete ? ids?.length : total;

  async function open(id: string) {
    setDetail(await getCode(id));
  }

  useEffect(() => {
    const code = new URLSearchParams(location.hash.slice(1)).get('code');
    if (code) void open(code);
  }, []);

  /** A renewal link: the record from the index once built; only the id (shown as deleted) when it has none. */
  const linked = (id: string | undefined): LinkedCode | undefined => {
    if (!id) return undefined;
    const [record] = recordsOf([id]);
    return record || complete ? { id, record } : undefined;
  };

  async function remove(record: QrCodeRecord) {
    await deleteCode(record.id);
    setDeleted(record);
    setDetail(undefined);
  }

  async function undoDelete() {
    if (!deleted) return;
    await restoreCode(deleted);
    setDetail(deleted);
    setDeleted(undefined);
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
          {count !== undefined && (count === 1 ? t('historyCountOne') : t('historyCount', [String(count)]))}
          {selected.size > 0 && ` · ${t('historySelected', [String(selected.size)])}`}
        </span>
      </header>
      <CurrentSyncStatus />
      <HistoryToolbar
        query={query}
        accounts={accounts}
        accountNames={accountNames}
        expiringCounts={expiringCounts}
        onChange={(patch) => setQuery((old) => ({ ...old, ...patch }))}
      />
      <HistoryActions
        shownIds={complete && ids ? ids : []}
        recordsOf={recordsOf}
        selectedIds={[...selected]}
        onSelectAll={() => complete && setSelected(new Set(ids))}
        onClearSelection={() => setSelected(new Set())}
      />
      {deleted && (
        <p class="status toast" role="status">
          {t('deleted', [deleted.label || deleted.scene])}{' '}
          <button type="button" onClick={undoDelete}>
            {t('undo')}
          </button>
        </p>
      )}
      {/* aria-busy until every code is known: the list then shows only its first rows. */}
      <div class="history-body" aria-busy={!complete}>
        {ids && (
          <VirtualCodeList
            ids={ids}
            total={complete ? undefined : total}
            initialRecords={firstRecords}
            recordsOf={recordsOf}
            version={dataVersion}
            now={now}
            selected={selected}
            activeId={detail?.id}
            onToggle={toggle}
            onOpen={open}
          />
        )}
        {detail && (
          <CodeDetail
            key={detail.id}
            record={detail}
            renewedFrom={linked(detail.renewedFromId)}
            replacedBy={linked(replacedBy(detail.id))}
            onOpen={(id) => void open(id)}
            now={now}
            onChanged={setDetail}
            onDelete={remove}
            onRenewed={setDetail}
          />
        )}
      </div>
    </main>
  );
}
