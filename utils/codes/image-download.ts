import { downloadBlob } from './download-file';
import type { QrCodeRecord } from './record';
import { showQrCodeUrl } from '@/utils/wechat/http';
import { safeFileStem } from '@/utils/render/zip-file-name';

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

/** A file name an operator recognises: label and scene, without characters file systems refuse. */
export function qrImageFileName(record: Pick<QrCodeRecord, 'label' | 'scene'>, extension: string): string {
  const safe = safeFileStem([record.label, record.scene].filter(Boolean).join('-'));
  return `${safe || 'qrcode'}.${extension}`;
}

/**
 * Downloads WeChat's own image of the code (showqrcode) under a readable name.
 * Returns undefined on success, or a short reason (HTTP status or network) for the message.
 */
export async function downloadQrImage(record: QrCodeRecord): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(showQrCodeUrl(record.ticket));
  } catch {
    return 'network';
  }
  if (!response.ok) return `HTTP ${response.status}`;
  const blob = await response.blob();
  const extension = IMAGE_EXTENSIONS[blob.type.split(';')[0] ?? ''] ?? 'jpg';
  downloadBlob(blob, qrImageFileName(record, extension));
  return undefined;
}
