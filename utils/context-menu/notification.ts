import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n/t';
import type { QrCodeRecord } from '@/utils/codes/record';
import { showQrCodeUrl } from '@/utils/wechat/http';

function toDataUrl(bytes: ArrayBuffer, type: string): string {
  let binary = '';
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(binary)}`;
}

/**
 * A notification with the new code's image. Notifications take only data: or extension URLs, so
 * WeChat's image is fetched and inlined; without it, a plain notification still says it was made.
 */
export async function showCreatedNotification(record: QrCodeRecord): Promise<string> {
  const title = t('notificationCreatedTitle');
  const message = t('notificationCreatedBody', [record.scene]);
  const iconUrl = browser.runtime.getURL('/icon/128.png');
  let imageUrl: string | undefined;
  try {
    const response = await fetch(showQrCodeUrl(record.ticket));
    if (response.ok) imageUrl = toDataUrl(await response.arrayBuffer(), response.headers.get('Content-Type') ?? 'image/jpeg');
  } catch {
    imageUrl = undefined;
  }
  const options = imageUrl ? { type: 'image' as const, iconUrl, title, message, imageUrl } : { type: 'basic' as const, iconUrl, title, message };
  return browser.notifications.create(`scene-qr-${record.id}`, options);
}
