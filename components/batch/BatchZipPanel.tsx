import { useState } from 'preact/hooks';
import type { BatchView } from '@/utils/batch/job';
import { getBatchItems } from '@/utils/batch/store';
import { downloadBlob } from '@/utils/codes/download-file';
import { codesByIds } from '@/utils/history/query';
import { buildQrZipInWorkers } from '@/utils/render/zip-with-workers';
import { t } from '@/utils/i18n/t';
import { PNG_SIZES, type PngSize } from '@/utils/render/qr';
import { DEFAULT_NAME_PATTERN, patternFileName } from '@/utils/render/zip-file-name';

/** The batch's codes, in batch order, as one ZIP for the print shop. Drawn locally: no WeChat request. */
export function BatchZipPanel({ view }: { view: BatchView }) {
  /** "svg" or a PNG size in pixels. */
  const [format, setFormat] = useState('1280');
  const [caption, setCaption] = useState(true);
  const [pattern, setPattern] = useState(DEFAULT_NAME_PATTERN);
  const [progress, setProgress] = useState<{ done: number; total: number }>();

  async function download() {
    const items = await getBatchItems(view.job.id);
    const ids = items.flatMap((item) => (item.state === 'done' && item.codeId ? [item.codeId] : []));
    const records = await codesByIds(ids);
    setProgress({ done: 0, total: records.length });
    const zipFormat = format === 'svg' ? 'svg' : 'png';
    const zip = await buildQrZipInWorkers(records, {
      format: zipFormat,
      sizePx: zipFormat === 'png' ? (Number(format) as PngSize) : undefined,
      caption,
      namePattern: pattern.trim() || DEFAULT_NAME_PATTERN,
      onProgress: (done, total) => setProgress({ done, total }),
    });
    setProgress(undefined);
    const date = new Date(view.job.createdAt).toISOString().slice(0, 10);
    downloadBlob(new Blob([zip as BlobPart], { type: 'application/zip' }), `scene-qr-batch-${date}-${records.length}.zip`);
  }

  const example = patternFileName(pattern.trim() || DEFAULT_NAME_PATTERN, { label: '徐汇店', scene: 'store-001', actionName: view.job.actionName }, 1, format === 'svg' ? 'svg' : 'png');
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
      {progress ? (
        <>
          <progress max={progress.total} value={progress.done} />
          <p class="hint">{t('batchZipBuilding', [String(progress.done), String(progress.total)])}</p>
        </>
      ) : (
        <button type="button" class="primary" onClick={() => void download()}>{t('batchZipDownload', [String(view.counts.done)])}</button>
      )}
    </section>
  );
}
