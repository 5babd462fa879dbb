import { type ActionName, type QrCreateBody, isPermanent, sceneValue } from '@/utils/wechat/qr-request';
import type { QrCreateResponse } from '@/utils/wechat/client';

/** One code as history keeps it. Never holds a secret or a token. */
export interface QrCodeRecord {
  id: string;
  appId: string;
  actionName: ActionName;
  /** The scene value as text: scene_id digits or scene_str (actionName says which). */
  scene: string;
  label: string;
  ticket: string;
  /** The content of the QR code: the image can always be redrawn from it. */
  url: string;
  /** null for permanent codes. */
  expireSeconds: number | null;
  createdAt: number;
  /** Absolute expiry in epoch ms, fixed at creation; null for permanent codes. */
  expiresAt: number | null;
  /** The link the scene was taken from (context menu), when there was one. */
  sourceUrl?: string;
  /** The operator's own note. */
  note?: string;
  /** The expired record this one renewed. */
  renewedFromId?: string;
  /** The batch that made it (a batch's id): synced with the code, so a colleague's browser knows its batch too. */
  batchId?: string;
}

export function toQrCodeRecord(appId: string, body: QrCreateBody, response: QrCreateResponse, label: string, createdAt: number): QrCodeRecord {
  const permanent = isPermanent(body.action_name);
  // WeChat echoes the lifetime; if it does not, the one we asked for is the best we know.
  const expireSeconds = permanent ? null : (response.expireSeconds ?? body.expire_seconds ?? null);
  return {
    id: crypto.randomUUID(),
    appId,
    actionName: body.action_name,
    scene: sceneValue(body.action_info.scene),
    label,
    ticket: response.ticket,
    url: response.url,
    expireSeconds,
    createdAt,
    expiresAt: expireSeconds === null ? null : createdAt + expireSeconds * 1000,
  };
}
