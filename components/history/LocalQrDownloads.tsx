import { useState } from 'preact/hooks';
import { downloadBlob } from '@/utils/codes/download-file';
import { type MessageKey, t } from '@/utils/i18n/t';
import { qrImageFileName } from '@/utils/codes/image-download';
import type { QrCodeRecord } from '@/utils/codes/record';
import { DEFAULT_ECC, PNG_SIZES, type PngSize, type QrEcc, renderQrPng, renderQrSvg } from '@/utils/render/qr';

const ECC_LEVELS: { value: QrEcc; key: MessageKey }[] = [
  { value: 'low', key: 'eccLow' },
  { value: 'medium', key: 'eccMedium' },
  { value: 'quartile', key: 'eccQuartile' },
  { value: 'high', key: 'eccHigh' },
];

/** Print-size PNG and SVG drawn from the stored url: offline, and for expired codes' records too. */
export function LocalQrDownloads({ record }: { record: QrCodeRecord }) {
  const [size, setSize] = useState<PngSize>(1280);
  const [ecc, setEcc] = useState<QrEcc>(DEFAULT_ECC);

  async function downloadPng() {
    const png = await renderQrPng(record.url, { sizePx: size, ecc });
    downloadBlob(new Blob([png as BlobPart], { type: 'image/png' }), qrImageFileName(record, `${size}.png`));
  }

  function downloadSvg() {
    downloadBlob(new Blob([renderQrSvg(record.url, { ecc })], { type: 'image/svg+xml' }), qrImageFileName(record, 'svg'));
  }

  return (
    <fieldset class="local-downloads">
      <legend>{t('localDrawing')}</legend>
      <label class="inline">
        <span>{t('fieldPngSize')}</span>
        <select name="pngSize" value={String(size)} onChange={(e) => setSize(Number(e.currentTarget.value) as PngSize)}>
          {PNG_SIZES.map((px) => (
            <option key={px} value={String(px)}>{`${px} px`}</option>
          ))}
        </select>
      </label>
      <label class="inline">
        <span>{t('fieldEcc')}</span>
        <select name="ecc" value={ecc} onChange={(e) => setEcc(e.currentTarget.value as QrEcc)}>
          {ECC_LEVELS.map((level) => (
            <option key={level.value} value={level.value}>
              {t(level.key)}
            </option>
          ))}
        </select>
      </label>
      <div class="actions">
        <button type="button" onClick={downloadPng}>
          {t('downloadPng')}
        </button>
        <button type="button" onClick={downloadSvg}>
          {t('downloadSvg')}
        </button>
      </div>
    </fieldset>
  );
}
