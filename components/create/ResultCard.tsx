import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime } from '@/utils/i18n/duration';
import { t } from '@/utils/i18n/t';
import { downloadQrImage } from '@/utils/codes/image-download';
import { describeError } from '@/utils/messaging/error-text';
import type { QrCodeRecord } from '@/utils/codes/record';
import { showQrCodeUrl } from '@/utils/wechat/http';

type Status = { kind: 'ok' | 'error'; text: string } | undefined;

async function copyText(text: string): Promise<Status> {
  try {
    await navigator.clipboard.writeText(text);
    return { kind: 'ok', text: t('copied') };
  } catch {
    return { kind: 'error', text: t('copyFailed') };
  }
}

/** The code just created: WeChat's image, what it is, and ways to take it away. */
export function ResultCard({ record }: { record: QrCodeRecord }) {
  const [status, setStatus] = useState<Status>();
  const [imageFailed, setImageFailed] = useState(false);
  const imageUrl = showQrCodeUrl(record.ticket);
  const section = useRef<HTMLElement>(null);
  // The popup is short: bring the new code into view rather than leave it below the form.
  useEffect(() => section.current?.scrollIntoView?.({ block: 'start' }), []);

  async function download() {
    const failure = await downloadQrImage(record);
    setStatus(failure ? { kind: 'error', text: t('downloadFailed', [describeError(failure).message]) } : undefined);
  }

  return (
    <section ref={section} class="result" aria-labelledby="result-title" data-testid="result">
      <h2 id="result-title">{t('resultTitle')}</h2>
      {imageFailed ? (
        <p class="alert" role="alert">
          {t('imageLoadFailed')}
        </p>
      ) : (
        <img class="qr-image" src={imageUrl} width={180} height={180} alt={record.label || record.scene} onError={() => setImageFailed(true)} />
      )}
      <dl class="facts">
        <dt>{t('resultKind')}</dt>
        <dd>{t(`action${record.actionName}`)}</dd>
        <dt>{t('resultScene')}</dt>
        <dd class="scene">{record.scene}</dd>
        <dt>{t('resultExpires')}</dt>
        <dd data-testid="expires">{record.expiresAt === null ? t('resultPermanent') : formatDateTime(record.expiresAt)}</dd>
        {record.sourceUrl && (
          <>
            <dt>{t('resultSource')}</dt>
            <dd data-testid="source-url">{record.sourceUrl}</dd>
          </>
        )}
      </dl>
      <div class="actions">
        <button type="button" class="primary" onClick={download}>
          {t('downloadImage')}
        </button>
        <button type="button" onClick={async () => setStatus(await copyText(record.url))}>
          {t('copyUrl')}
        </button>
        <button type="button" onClick={async () => setStatus(await copyText(imageUrl))}>
          {t('copyImageLink')}
        </button>
      </div>
      {status && (
        <p class={status.kind === 'error' ? 'alert' : 'status'} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
