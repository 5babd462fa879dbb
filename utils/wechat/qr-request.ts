import { fail } from '@/utils/messaging/app-error';

/** The four kinds of parametric code (contract §1). */
export const ACTION_NAMES = ['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const LIMITS = {
  temporarySceneIdMax: 4294967295,
  permanentSceneIdMax: 100000,
  sceneStrMaxBytes: 64,
  expireMin: 60,
  expireMax: 2592000,
  /** Permanent codes an account may ever make (they cannot be deleted). */
  permanentCap: 100000,
  /** From here on the popup warns that the account's permanent codes are running out. */
  permanentWarningAt: 90000,
} as const;

export const DAY_SECONDS = 86400;
export const DEFAULT_EXPIRE_SECONDS = 30 * DAY_SECONDS;

export function isPermanent(action: ActionName): boolean {
  return action === 'QR_LIMIT_SCENE' || action === 'QR_LIMIT_STR_SCENE';
}

export function usesSceneStr(action: ActionName): boolean {
  return action === 'QR_STR_SCENE' || action === 'QR_LIMIT_STR_SCENE';
}

/** What a page asks for: raw strings from the form, so validation sees exactly what the user typed. */
export interface QrRequestInput {
  actionName: string;
  scene: string;
  /** Seconds; ignored for permanent codes. */
  expireSeconds?: string | number;
  label?: string;
  /** The link the scene came from (context menu). */
  sourceUrl?: string;
}

export type QrScene = { scene_id: number } | { scene_str: string };

/** The exact body POSTed to /cgi-bin/qrcode/create. */
export interface QrCreateBody {
  expire_seconds?: number;
  action_name: ActionName;
  action_info: { scene: QrScene };
}

const utf8 = new TextEncoder();

export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

export function parseActionName(value: string): ActionName {
  if ((ACTION_NAMES as readonly string[]).includes(value)) return value as ActionName;
  return fail({ code: 'action_name_invalid', field: 'actionName' });
}

/** Digits only: "1e3", "0x10" and "12.0" are not scene ids an operator meant; spaces around a pasted number are. */
function parseWholeNumber(value: string | number): number | undefined {
  const text = String(value).trim();
  if (!/^\d{1,16}$/.test(text)) return undefined;
  return Number(text);
}

export function validateSceneId(value: string, action: ActionName): number {
  const max = isPermanent(action) ? LIMITS.permanentSceneIdMax : LIMITS.temporarySceneIdMax;
  const id = parseWholeNumber(value);
  if (id === undefined) fail({ code: 'scene_id_not_integer', field: 'sceneId', params: ['1', String(max)] });
  if (id < 1 || id > max) fail({ code: 'scene_id_range', field: 'sceneId', params: ['1', String(max)] });
  return id;
}

export function validateSceneStr(value: string): string {
  if (value.length === 0) fail({ code: 'scene_str_empty', field: 'sceneStr' });
  const bytes = utf8Length(value);
  if (bytes > LIMITS.sceneStrMaxBytes) {
    fail({ code: 'scene_str_too_long', field: 'sceneStr', params: [String(bytes), String(LIMITS.sceneStrMaxBytes)] });
  }
  return value;
}

export function validateExpireSeconds(value: string | number | undefined): number {
  const range = [String(LIMITS.expireMin), String(LIMITS.expireMax)];
  const seconds = value === undefined ? undefined : parseWholeNumber(value);
  if (seconds === undefined) fail({ code: 'expire_not_integer', field: 'expireSeconds', params: range });
  if (seconds < LIMITS.expireMin || seconds > LIMITS.expireMax) {
    fail({ code: 'expire_range', field: 'expireSeconds', params: range });
  }
  return seconds;
}

/**
 * Validates every limit of contract §1 and builds the body. Throws an AppFailure naming the
 * field and the limit, so nothing invalid ever reaches WeChat.
 */
export function buildQrCreateBody(input: QrRequestInput): QrCreateBody {
  const action = parseActionName(input.actionName);
  const scene: QrScene = usesSceneStr(action) ? { scene_str: validateSceneStr(input.scene) } : { scene_id: validateSceneId(input.scene, action) };
  const body: QrCreateBody = { action_name: action, action_info: { scene } };
  // Temporary codes always carry a lifetime: WeChat's default when it is omitted is 30–60 s.
  if (!isPermanent(action)) return { expire_seconds: validateExpireSeconds(input.expireSeconds), ...body };
  return body;
}

export function sceneValue(scene: QrScene): string {
  return 'scene_id' in scene ? String(scene.scene_id) : scene.scene_str;
}
