import { useState } from 'preact/hooks';
import { downloadBlob } from '@/utils/codes/download-file';
import { useHistoryStore } from './useHistoryStore';
import { importFile } from '@/utils/history/import';
import { exportRecords, recordsForIds } from '@/utils/history/transfer';
import { buildQrZipInWorkers } from '@/utils/render/zip-with-workers';
import { describeImportError } from '@/utils/history/import-error-text';
import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';
import { PNG_SIZES, type PngSize } from '@/utils/render/qr';
import type { AppError } from '@/utils/messaging/app-error';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { RenewSelectedButton } from './RenewSelectedButton';

export interface HistoryActionsProps {
  /** The ids the list shows now (export takes these) and those ticked (ZIP takes these). */
  shownIds: readonly string[];
  selectedIds: readonly string[];
  /** The records of these ids, from memory (useHistoryList): export writes them, the ZIP takes them once the index is built. */
  recordsOf: (ids: readonly string[]) => QrCodeRecord[];
  onSelectAll: () => void;
  onClearSelection: () => void;
}

type Message = { kind: 'status' | 'alert'; text: string } | undefined;

/** Export, import, ZIP of the selection, and clearing local history. */
export function HistoryActions({ shownIds, selectedIds, recordsOf, onSelectAll, onClearSelection }: HistoryActionsProps) {
  const { clearHistory } = useHistoryStore();
  const [message, setMessage] = useState<Message>();
  const [renewError, setRenewError] = useState<AppError>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  /** Records written so far by a running import (a large one takes seconds). */
  const [importing, setImporting] = useState<{ done: number; total: number }>();
  /** "svg" or a PNG size in pixels. */
  const [zipFormat, setZipFormat] = useState<string>('1280');

  async function importChosen(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setMessage(undefined);
    const result = await importFile(file, file.name, (done, total) => setImporting({ done, total }));
    setImporting(undefined);
    // The list follows by itself: the import announces what it added (history-changes.ts).
    if (result.ok) {
      setMessage({ kind: 'status', text: t('importDone', [String(result.added), String(result.skipped)]) });
    } else {
      setMessage({ kind: 'alert', text: describeImportError(result.error) });
    }
  }

  async function downloadZip() {
    // From the records the page holds once its index is built; read from IndexedDB before that.
    const held = recordsOf(selectedIds);
    const records = held.length === selectedIds.length ? held : await recordsForIds(selectedIds);
    setProgress({ done: 0, total: records.length });
    const format = zipFormat === 'svg' ? 'svg' : 'png';
    const sizePx = format === 'png' ? (Number(zipFormat) as PngSize) : undefined;
    const zip = await buildQrZipInWorkers(records, { format, sizePx, onProgress: (done, total) => setProgress({ done, total }) });
    setProgress(undefined);
    downloadBlob(new Blob([zip as BlobPart], { type: 'application/zip' }), `scene-qr-${records.length}.zip`);
  }

  async function clearAll() {
    if (!confirm(t('clearHistoryConfirm'))) return;
    await clearHistory();
    setMessage({ kind: 'status', text: t('historyCleared') });
  }

  return (
    <div class="history-actions">
      <div class="actions">
        {/* Empty while the list is still loading (or has nothing): nothing half-exported. */}
        <button type="button" disabled={shownIds.length === 0} onClick={() => exportRecords(recordsOf(shownIds), 'csv')}>
          {t('exportCsv')}
        </button>
        <button type="button" disabled={shownIds.length === 0} onClick={() => exportRecords(recordsOf(shownIds), 'json')}>
          {t('exportJson')}
        </button>
        <label class="button">
          {t('importFile')}
          <input type="file" name="importFile" accept=".json,.csv,application/json,text/csv" hidden onChange={importChosen} />
        </label>
        <button type="button" onClick={onSelectAll}>
          {t('selectAllShown')}
        </button>
        {selectedIds.length > 0 && (
          <>
            <button type="button" onClick={onClearSelection}>
              {t('clearSelection')}
            </button>
            <select name="zipFormat" aria-label={t('fieldPngSize')} value={zipFormat} onChange={(e) => setZipFormat(e.currentTarget.value)}>
              {PNG_SIZES.map((px) => (
                <option key={px} value={String(px)}>{`PNG ${px} px`}</option>
              ))}
              <option value="svg">SVG</option>
            </select>
            <button type="button" class="primary" disabled={progress !== undefined} onClick={downloadZip}>
              {t('downloadZip')} ({selectedIds.length})
            </button>
            <RenewSelectedButton selectedIds={selectedIds} onError={setRenewError} />
          </>
        )}
        <button type="button" class="subtle" onClick={clearAll}>
          {t('clearHistory')}
        </button>
      </div>
      {progress && (
        <label class="zip-progress">
          {t('zipProgress', [String(progress.done), String(progress.total)])}
          <progress max={progress.total} value={progress.done} />
        </label>
      )}
      {importing && (
        <label class="zip-progress">
          {`${t('importFile')} ${importing.done} / ${importing.total}`}
          <progress max={importing.total} value={importing.done} />
        </label>
      )}
      {renewError && selectedIds.length > 0 && <ErrorAlert error={renewError} />}
      {message && (
        <p class={message.kind === 'alert' ? 'alert' : 'status'} role={message.kind}>
          {message.text}
        </p>
      )}
    </div>
  );
}
