/**
 * What WeChat's qrcode/create accepts (docs/wechat-api.md §1). Errcodes where the contract names one; where it names none the closest
 * documented one (§4), said at the rule.
 */
export type CreateRefusal = { errcode: number; errmsg: string };

export interface ValidCreate {
  action: 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';
  permanent: boolean;
  /** The scene value as sent (a number for scene_id, a string for scene_str). */
  value: number | string;
  /** Temporary codes: as sent, capped at 30 days; 60 s when omitted (§1: "the current doc"). */
  expireSeconds?: number;
}

const ACTIONS = ['QR_SCENE', 'QR_STR_SCENE', 'QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'];
const MAX_EXPIRE_SECONDS = 2592000;
const DEFAULT_EXPIRE_SECONDS = 60;

/** The body's rule it breaks, as WeChat would answer it, or the code to make. */
export function checkCreateBody(body: unknown, refuse: (errcode: number, errmsg: string) => CreateRefusal): ValidCreate | CreateRefusal {
  // §4: 44002 empty body, 47001 malformed JSON (a body that is not a JSON object).
  if (body === null) return refuse(44002, 'empty post data');
  if (typeof body !== 'object' || Array.isArray(body)) return refuse(47001, 'data format error');
  const {
    action_name: action,
    expire_seconds: expire,
    action_info: info,
  } = body as {
    action_name?: string;
    expire_seconds?: unknown;
    action_info?: { scene?: Record<string, unknown> };
  };
  if (!ACTIONS.includes(action ?? '')) return refuse(40052, 'invalid action name');
  const permanent = action === 'QR_LIMIT_SCENE' || action === 'QR_LIMIT_STR_SCENE';
  const scene = info?.scene ?? {};
  // §1 "Send exactly one of scene_id / scene_str": the contract gives no errcode; 40053 (invalid
  // action_info) is the closest documented one.
  if ('scene_id' in scene && 'scene_str' in scene) return refuse(40053, 'invalid action info: both scene_id and scene_str');
  // §1 permanent codes: expire_seconds "never sent". No errcode in the contract; 40097 (invalid
  // arguments) is the closest documented one.
  if (permanent && expire !== undefined) return refuse(40097, 'invalid args: expire_seconds on a permanent code');
  const wantsStr = action === 'QR_STR_SCENE' || action === 'QR_LIMIT_STR_SCENE';
  const value = wantsStr ? scene.scene_str : scene.scene_id;
  const valid = wantsStr
    ? typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= 64
    : Number.isInteger(value) && (value as number) >= 1 && (value as number) <= (permanent ? 100000 : 4294967295);
  if (!valid) return refuse(40053, 'invalid action info');
  const code = { action: action as ValidCreate['action'], permanent, value: value as number | string };
  if (permanent) return code;
  return { ...code, expireSeconds: Math.min(typeof expire === 'number' ? expire : DEFAULT_EXPIRE_SECONDS, MAX_EXPIRE_SECONDS) };
}
