import type { QrCodeRecord } from '../../utils/codes/record';

/** A fixed "now" for history tests, and a day in ms. */
export const NOW = 1_700_000_000_000;
export const DAY = 86_400_000;

/** A temporary string-scene record of one account, created at NOW, expiring a day later; `patch` overrides. */
export function code(id: string, patch: Partial<QrCodeRecord> = {}): QrCodeRecord {
  return {
    id,
    appId: 'wx0000000000000001',
    actionName: 'QR_STR_SCENE',
    scene: `scene-${id}`,
    label: '',
    ticket: `ticket-${id}`,
    url: `http://weixin.qq.com/q/${id}`,
    expireSeconds: 86400,
    createdAt: NOW,
    expiresAt: NOW + DAY,
    ...patch,
  };
}
