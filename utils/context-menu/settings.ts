import { DEFAULT_PARAM_NAMES } from './link-params';
import { type ActionName, DEFAULT_EXPIRE_SECONDS } from '@/utils/wechat/qr-request';

/** How "QR for this link param" behaves; edited on the options page. */
export interface ContextMenuSettings {
  /** Parameter names to look for, in order: the first one the link carries wins. */
  paramNames: string[];
  actionName: ActionName;
  expireSeconds: number;
  /** Create temporary codes at once and show them in a notification (permanent codes always ask). */
  createImmediately: boolean;
}

export const DEFAULT_CONTEXT_MENU_SETTINGS: ContextMenuSettings = {
  paramNames: [...DEFAULT_PARAM_NAMES],
  actionName: 'QR_STR_SCENE',
  expireSeconds: DEFAULT_EXPIRE_SECONDS,
  createImmediately: false,
};
