import { useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { formatDateTime } from '@/utils/i18n/duration';
import { useHistoryStore } from './useHistoryStore';
import { codeStatus } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import { downloadQrImage } from '@/utils/codes/image-download';
import type { QrCodeRecord } from '@/utils/codes/record';
import { renderQrSvg } from '@/utils/render/qr';
import { showQrCodeUrl } from '@/utils/wechat/http';
import { statusText } from './CodeRow';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { LocalQrDownloads } from './LocalQrDownloads';
import { ScanEventPreview } from './ScanEventPreview';

/** A code this one is linked to by a renewal: its record when history still has it, else only its id. */
export interface LinkedCode {
  id: string;
  record?: QrCodeRecord;
}

/** A link to another code's detail (its address opens it too: `#code=<id>`), named by its label or scene. */
function CodeLink({ linked, onOpen, testId }: { linked: LinkedCode; onOpen: (id: string) => void; testId: string }) {
  if (!linked.record) return <span data-testid={testId}>{t('renew_linkGone')}</span>;
  const { record } = linked;
  return (
    <a
      href={`#code=${encodeURIComponent(record.id)}`}
      data-testid={testId}
      onClick={(event) => {
        event.preventDefault();
        onOpen(record.id);
      }}
    >
      {record.label || record.scene} · {formatDateTime(record.createdAt)}
    </a>
  );
}

export interface CodeDetailProps {
  record: QrCodeRecord;
  /** The code it renewed and the one that renewed it, as far as history knows. */
  renewedFrom?: LinkedCode;
  replacedBy?: LinkedCode;
  /** Opens another code's detail (a renewal link). */
  onOpen: (id: string) => void;
  now: number;
  onChanged: (record: QrCodeRecord) => void;
  onDelete: (record: QrCodeRecord) => void;
  onRenewed: (record: QrCodeRecord) => void;
}

/** One code, large: WeChat's image (or why not), local downloads, editing, delete and renew. */
export function CodeDetail({ record, renewedFrom, replacedBy, onOpen, now, onChanged, onDelete, onRenewed }: CodeDetailProps) {
  const { updateCode } = useHistoryStore();
  const [label, setLabel] = useState(record.label);
  const [note, setNote] = useState(record.note ?? '');
  const [imageFailed, setImageFailed] = useState(false);
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const expired = codeStatus(record, now).kind === 'expired';

  async function save(event: Event) {
    event.preventDefault();
    const updated = await updateCode(record.id, { label: label.trim(), note: note.trim() });
    if (updated) onChanged(updated);
  }

  async function downloadWechatImage() {
    setError(undefined);
    setError(await downloadQrImage(record));
  }

  async function renew() {
    setBusy(true);
    setError(undefined);
    const reply = await sendMessage('renewQrCode', { id: record.id });
    setBusy(false);
    if (reply.success) onRenewed(reply.payload);
    else setError(reply.error);
  }

  const localSvg = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderQrSvg(record.url))}`;
  return (
    <section class="code-detail" aria-labelledby="detail-title" data-testid="code-detail">
      <h2 id="detail-title">{record.label || record.scene}</h2>
      {expired ? (
        <>
          <p class="alert" role="note">
            {t('expiredNotScannable')}
          </p>
          <img class="qr-large expired" src={localSvg} width={220} height={220} alt={record.scene} />
        </>
      ) : imageFailed ? (
        <p class="alert" role="alert">
          {t('imageLoadFailed')}
        </p>
      ) : (
        <img class="qr-large" src={showQrCodeUrl(record.ticket)} width={220} height={220} alt={record.scene} onError={() => setImageFailed(true)} />
      )}
      <dl class="facts">
        <dt>{t('colKind')}</dt>
        <dd>{t(`action${record.actionName}`)}</dd>
        <dt>{t('colScene')}</dt>
        <dd class="scene">{record.scene}</dd>
        <dt>{t('colStatus')}</dt>
        <dd>
          {statusText(record, now)}
          {record.expiresAt !== null && ` · ${formatDateTime(record.expiresAt)}`}
        </dd>
        <dt>{t('colCreated')}</dt>
        <dd>{formatDateTime(record.createdAt)}</dd>
        <dt>{t('colAccount')}</dt>
        <dd>{record.appId}</dd>
        {record.sourceUrl && (
          <>
            <dt>{t('resultSource')}</dt>
            <dd data-testid="source-url">{record.sourceUrl}</dd>
          </>
        )}
        {renewedFrom && (
          <>
            <dt>{t('renewedFrom')}</dt>
            <dd>
              <CodeLink linked={renewedFrom} onOpen={onOpen} testId="renewed-from" />
            </dd>
          </>
        )}
        {replacedBy && (
          <>
            <dt>{t('renew_replacedBy')}</dt>
            <dd>
              <CodeLink linked={replacedBy} onOpen={onOpen} testId="replaced-by" />
            </dd>
          </>
        )}
        {record.batchId && (
          <>
            <dt>{t('codeBatch')}</dt>
            <dd data-testid="batch-id">{record.batchId.slice(0, 8)}</dd>
          </>
        )}
      </dl>
      <div class="actions">
        {!expired && (
          <button type="button" onClick={downloadWechatImage}>
            {t('downloadWechatImage')}
          </button>
        )}
        <button type="button" onClick={() => void navigator.clipboard.writeText(record.url)}>
          {t('copyUrl')}
        </button>
        {expired && (
          <button type="button" class="primary" disabled={busy} onClick={renew}>
            {t('renew')}
          </button>
        )}
      </div>
      {error && <ErrorAlert error={error} />}
      <LocalQrDownloads record={record} />
      <ScanEventPreview record={record} />
      <form class="edit" onSubmit={save}>
        <label class="field">
          <span>{t('colLabel')}</span>
          <input name="editLabel" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('detailNote')}</span>
          <textarea name="editNote" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('saveEdits')}</button>
      </form>
      <div class="danger">
        <button type="button" onClick={() => onDelete(record)}>
          {t('deleteLocal')}
        </button>
        <p class="hint">{t('deleteNote')}</p>
      </div>
    </section>
  );
}
