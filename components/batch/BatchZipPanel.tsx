import { useState } from 'preact/hooks';
import type { BatchJob } from '@/utils/batch/job';
import { downloadBlob } from '@/utils/codes/download-file';
import { buildQrZipInWorkers } from '@/utils/render/zip-with-workers';
import { t } from '@/utils/i18n/t';
import { PNG_SIZES, type PngSize } from '@/utils/render/qr';
import { DEFAULT_NAME_PATTERN, patternFileName } from '@/utils/render/zip-file-name';
import { type BatchCodes, loadBatchCodes, useBatchCodes } from './useBatchCodes';

function reasonOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message || thrown.name : String(thrown);
}

/** Why the ZIP holds fewer codes than the batch made, when it does. */
function DeletedNotice({ codes }: { codes: BatchCodes }) {
  if (codes.deleted === 0) return null;
  const text =
    codes.records.length === 0
      ? t('batchZipNoneLeft', [String(codes.created)])
      : t('batchZipMissing', [String(codes.deleted), String(codes.records.length), String(codes.created)]);
  return (
    <p class="notice" role="status" data-testid="batch-zip-deleted">
      {text}
    </p>
  );
}

/**
 * The batch's codes, in batch order, as one ZIP for the print shop. Drawn locally: no WeChat request.
 * `done` is the live count of codes made (it grows while the last requests of a pause land).
 */
export function BatchZipPanel({ job, done }: { job: BatchJob; done: number }) {
  /** "svg" or a PNG size in pixels. */
  const [format, setFormat] = useState('1280');
  const [caption, setCaption] = useState(true);
  const [pattern, setPattern] = useState(DEFAULT_NAME_PATTERN);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [failure, setFailure] = useState<string>();
  const codes = useBatchCodes(job.id, done);

  async function download() {
    setFailure(undefined);
    try {
      // Read again now: the button's count may be a moment old.
      const { records } = await loadBatchCodes(job.id);
      setProgress({ done: 0, total: records.length });
      const zipFormat = format === 'svg' ? 'svg' : 'png';
      const zip = await buildQrZipInWorkers(records, {
        format: zipFormat,
        sizePx: zipFormat === 'png' ? (Number(format) as PngSize) : undefined,
        caption,
        namePattern: pattern.trim() || DEFAULT_NAME_PATTERN,
        onProgress: (made, total) => setProgress({ done: made, total }),
      });
      const date = new Date(job.createdAt).toISOString().slice(0, 10);
      const kind = job.kind === 'renewal' ? 'renewal' : 'batch';
      downloadBlob(new Blob([zip as BlobPart], { type: 'application/zip' }), `scene-qr-${kind}-${date}-${records.length}.zip`);
    } catch (thrown) {
      setFailure(reasonOf(thrown));
    } finally {
      // Whatever happened, the button comes back: a failed ZIP is retried with one click.
      setProgress(undefined);
    }
  }

  const example = patternFileName(
    pattern.trim() || DEFAULT_NAME_PATTERN,
    { label: '徐汇店', scene: 'store-001', actionName: job.actionName },
    1,
    format === 'svg' ? 'svg' : 'png',
  );
  const count = codes?.records.length ?? done;
  return (
    <section class="batch-zip" aria-labelledby="batch-zip-title">
      <h2 id="batch-zip-title">{t('batchZipTitle')}</h2>
      <div class="row">
        <label class="field">
          <span>{t('batchZipFormat')}</span>
          <select name="zipFormat" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            {PNG_SIZES.map((px) => (
              <option key={px} value={String(px)}>{`PNG ${px} px`}</option>
            ))}
            <option value="svg">SVG</option>
          </select>
        </label>
        <label class="field">
          <span>{t('batchZipNamePattern')}</span>
          <input name="namePattern" value={pattern} onInput={(e) => setPattern(e.currentTarget.value)} />
        </label>
      </div>
      <p class="hint">{t('batchZipNameHint', [example])}</p>
      <label class="choice">
        <input type="checkbox" name="caption" checked={caption} onChange={(e) => setCaption(e.currentTarget.checked)} />
        {t('batchZipCaption')}
      </label>
      {codes && <DeletedNotice codes={codes} />}
      {failure && (
        <p class="alert" role="alert" data-testid="batch-zip-failed">
          {t('batchZipFailed', [failure])}
        </p>
      )}
      {progress ? (
        <>
          <progress max={progress.total} value={progress.done} />
          <p class="hint">{t('batchZipBuilding', [String(progress.done), String(progress.total)])}</p>
        </>
      ) : (
        <button type="button" class="primary" disabled={count === 0} onClick={() => void download()}>
          {t('batchZipDownload', [String(count)])}
        </button>
      )}
    </section>
  );
}
