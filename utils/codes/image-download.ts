import type { AppError } from '@/utils/messaging/app-error';
import { downloadBlob } from './download-file';
import type { QrCodeRecord } from './record';
import { REQUEST_TIMEOUT_MS, showQrCodeUrl } from '@/utils/wechat/http';
import { safeFileStem } from '@/utils/render/zip-file-name';

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif' };

/** A file name an operator recognises: label and scene, without characters file systems refuse. */
export function qrImageFileName(record: Pick<QrCodeRecord, 'label' | 'scene'>, extension: string): string {
  const safe = safeFileStem([record.label, record.scene].filter(Boolean).join('-'));
  return `${safe || 'qrcode'}.${extension}`;
}

/**
 * Downloads WeChat's own image of the code (showqrcode) under a readable name. Resolves with
 * undefined once the download has started, or with why not: WeChat no longer has the image (404: the
 * ticket expired or WeChat does not know it), WeChat did not answer in time, could not be reached,
 * answered another HTTP error, or answered something that is not an image.
 */
export async function downloadQrImage(record: QrCodeRecord): Promise<AppError | undefined> {
  let response: Response;
  try {
    response = await fetch(showQrCodeUrl(record.ticket), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (thrown) {
    const name = (thrown as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { code: 'timeout', params: [String(REQUEST_TIMEOUT_MS / 1000)] };
    return { code: 'network' };
  }
  if (response.status === 404) return { code: 'wechat_image_gone', status: 404 };
  if (!response.ok) return { code: 'http_status', status: response.status, params: [String(response.status)] };
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    // The connection dropped while the image was arriving.
    return { code: 'network' };
  }
  const type = blob.type.split(';')[0]?.trim() ?? '';
  if (!type.startsWith('image/')) return { code: 'bad_response' };
  downloadBlob(blob, qrImageFileName(record, IMAGE_EXTENSIONS[type] ?? 'jpg'));
  return undefined;
}
