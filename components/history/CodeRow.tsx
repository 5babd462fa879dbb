import { formatDateTime } from '@/utils/i18n/duration';
import { codeStatus } from '@/utils/history/query';
import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';
import { QrThumbnail } from './QrThumbnail';

export function statusText(record: QrCodeRecord, now: number): string {
  const status = codeStatus(record, now);
  if (status.kind === 'permanent') return t('statusPermanent');
  if (status.kind === 'expired') return t('statusExpired');
  // English needs its singular ("in 1 day"); Chinese reads the same either way.
  return status.daysLeft === 1 ? t('statusActiveOneDay') : t('statusActiveDays', [String(status.daysLeft)]);
}

export interface CodeRowProps {
  record: QrCodeRecord;
  now: number;
  selected: boolean;
  active: boolean;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
}

/** One line of the history list; fixed height, so the list can place rows without measuring them. */
export function CodeRow({ record, now, selected, active, onToggle, onOpen }: CodeRowProps) {
  const expired = codeStatus(record, now).kind === 'expired';
  return (
    <div class={`code-row${active ? ' active' : ''}${expired ? ' expired' : ''}`} role="row" data-id={record.id}>
      <input type="checkbox" aria-label={record.scene} checked={selected} onChange={() => onToggle(record.id)} />
      <QrThumbnail url={record.url} size={40} />
      <button type="button" class="link row-main" onClick={() => onOpen(record.id)}>
        <span class="row-label">{record.label || record.scene}</span>
        <span class="row-scene">{record.scene}</span>
      </button>
      <span class="row-kind">{t(`action${record.actionName}`)}</span>
      <span class="row-account">{record.appId}</span>
      <span class="row-created">{formatDateTime(record.createdAt)}</span>
      <span class="row-status">{statusText(record, now)}</span>
    </div>
  );
}
