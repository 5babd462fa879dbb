/**
 * A generated follower base for the WeChat stand-in (contract §7): deterministic followers with the
 * quirks real accounts show, and the two doors that read them back:
 * - GET  /cgi-bin/user/get?access_token&next_openid      → { total, count, data: { openid }, next_openid }
 * - POST /cgi-bin/user/info/batchget?access_token        → { user_info_list }
 *
 * `handleFollowerRequest` answers those two paths and returns undefined for any other, so the stand-in
 * can delegate to it before its own routing.
 */

export type GeneratedFollower =
  | {
      subscribe: 1;
      openid: string;
      language: string;
      subscribe_time: number;
      remark: string;
      groupid: number;
      tagid_list: number[];
      subscribe_scene: string;
      /** 0 = none; absent on some followers altogether. */
      qr_scene?: number;
      /** '' = none; absent on some followers altogether. */
      qr_scene_str?: string;
    }
  /** Unfollowed after the openid list was read: WeChat answers nothing else. */
  | { subscribe: 0; openid: string };

export interface GenerateOptions {
  count: number;
  seed: number;
  /** The scenes followers came by; picked with a skew (the first scenes bring the most). */
  scenes: { sceneId?: number[]; sceneStr?: string[] };
  /** Share of all followers answered `subscribe: 0` (0…1). */
  unfollowedShare: number;
  /** Share of the still-subscribed followers that came without a parametric code (0…1). */
  noSceneShare: number;
  /** Epoch ms; subscribe times fall in the `spreadDays` before it. */
  now: number;
  /** Default 400 days. */
  spreadDays?: number;
  /** Share of the code followers whose subscribe_scene says ADD_SCENE_OTHERS (default 0.1). */
  othersSceneShare?: number;
  /** Share of the no-scene followers without qr_scene / qr_scene_str fields at all (default 0.25). */
  missingFieldsShare?: number;
}

/** mulberry32: small, fast, and the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const NO_CODE_SCENES = [
  'ADD_SCENE_SEARCH',
  'ADD_SCENE_ACCOUNT_MIGRATION',
  'ADD_SCENE_PROFILE_CARD',
  'ADD_SCENE_QR_CODE', // the account's plain (non-parametric) code
  'ADD_SCENE_PROFILE_LINK',
  'ADD_SCENE_PROFILE_ITEM',
  'ADD_SCENE_PAID',
  'ADD_SCENE_WECHAT_ADVERTISEMENT',
  'ADD_SCENE_OTHERS',
];

/** Real openids: 28 characters, "o" and a fixed 5-character account prefix, then 22 random ones. */
function openidMaker(random: () => number): () => string {
  const pick = () => OPENID_ALPHABET[Math.floor(random() * OPENID_ALPHABET.length)]!;
  const prefix = `o${Array.from({ length: 5 }, pick).join('')}`;
  const seen = new Set<string>();
  return () => {
    for (;;) {
      const openid = prefix + Array.from({ length: 22 }, pick).join('');
      if (!seen.has(openid)) {
        seen.add(openid);
        return openid;
      }
    }
  };
}

export function generateFollowers(options: GenerateOptions): GeneratedFollower[] {
  const random = seededRandom(options.seed);
  const nextOpenid = openidMaker(random);
  const scenes: Array<{ id: number } | { str: string }> = [
    ...(options.scenes.sceneId ?? []).map((id) => ({ id })),
    ...(options.scenes.sceneStr ?? []).map((str) => ({ str })),
  ];
  // Zipf-like weights: a few posters bring most followers.
  const weights = scenes.map((_, i) => 1 / (i + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickScene = () => {
    let r = random() * totalWeight;
    for (let i = 0; i < scenes.length; i++) {
      r -= weights[i]!;
      if (r < 0) return scenes[i]!;
    }
    return scenes[scenes.length - 1]!;
  };
  const nowSeconds = Math.floor(options.now / 1000);
  const spreadSeconds = (options.spreadDays ?? 400) * 86400;
  const othersShare = options.othersSceneShare ?? 0.1;
  const missingShare = options.missingFieldsShare ?? 0.25;

  const followers: GeneratedFollower[] = [];
  for (let i = 0; i < options.count; i++) {
    const openid = nextOpenid();
    if (random() < options.unfollowedShare) {
      followers.push({ subscribe: 0, openid });
      continue;
    }
    const base = {
      subscribe: 1 as const,
      openid,
      language: random() < 0.9 ? 'zh_CN' : 'en',
      subscribe_time: nowSeconds - Math.floor(random() * spreadSeconds),
      remark: '',
      groupid: 0,
      tagid_list: [] as number[],
    };
    if (scenes.length === 0 || random() < options.noSceneShare) {
      const subscribe_scene = NO_CODE_SCENES[Math.floor(random() * NO_CODE_SCENES.length)]!;
      followers.push(random() < missingShare ? { ...base, subscribe_scene } : { ...base, subscribe_scene, qr_scene: 0, qr_scene_str: '' });
      continue;
    }
    const scene = pickScene();
    const subscribe_scene = random() < othersShare ? 'ADD_SCENE_OTHERS' : 'ADD_SCENE_QR_CODE';
    followers.push(
      'id' in scene ? { ...base, subscribe_scene, qr_scene: scene.id, qr_scene_str: '' } : { ...base, subscribe_scene, qr_scene: 0, qr_scene_str: scene.str },
    );
  }
  return followers;
}

/**
 * What a report of these followers must say, counted the plain way (independent of the extension's code):
 * current followers per `id:<n>` / `str:<s>`, with the 7- and 30-day windows (inclusive), and the rest.
 */
export function expectedTally(followers: readonly GeneratedFollower[], now: number) {
  const scenes = new Map<string, { followers: number; last7Days: number; last30Days: number }>();
  const other = { followers: 0, last7Days: 0, last30Days: 0 };
  let unfollowed = 0;
  for (const f of followers) {
    if (f.subscribe === 0) {
      unfollowed++;
      continue;
    }
    const key = f.qr_scene_str ? `str:${f.qr_scene_str}` : f.qr_scene ? `id:${f.qr_scene}` : undefined;
    const row = key ? (scenes.get(key) ?? { followers: 0, last7Days: 0, last30Days: 0 }) : other;
    const age = now - f.subscribe_time * 1000;
    row.followers++;
    if (age <= 7 * 86_400_000) row.last7Days++;
    if (age <= 30 * 86_400_000) row.last30Days++;
    if (key) scenes.set(key, row);
  }
  return { scenes, otherSources: other.followers, otherRecent: { last7Days: other.last7Days, last30Days: other.last30Days }, unfollowed };
}

// ---------------------------------------------------------------------------------------------
// The doors

export const USER_GET = '/cgi-bin/user/get';
export const USER_BATCHGET = '/cgi-bin/user/info/batchget';

export interface FollowerState {
  followers: GeneratedFollower[];
  /** openids per user/get answer (WeChat: 10,000). */
  pageSize: number;
  /** users per batchget call (WeChat: 100). */
  batchLimit: number;
  /** Requests received per door, answered or refused. */
  calls: { list: number; batchget: number };
  /** Requests answered successfully per door (what the quota counts). */
  served: { list: number; batchget: number };
  /**
   * Daily quota: once a door has served this many calls, every further call answers 45009 until
   * `resetQuota` (the next day). Undefined = no limit.
   */
  quotaAfter: { list?: number; batchget?: number };
  /**
   * How the stand-in checks `access_token`: an errcode answer to refuse, undefined to accept. The
   * default only refuses a missing token (41001).
   */
  checkToken: (token: string | undefined) => object | undefined;
  /**
   * 'wechat' (default): the last non-empty page names its last openid as next_openid, and the call
   * with it answers count 0 and next_openid '' (as WeChat does). 'empty-next': the last page
   * already answers next_openid ''.
   */
  listEnd: 'wechat' | 'empty-next';
  /** openid → index in `followers`; rebuilt when `followers` is replaced. */
  index?: { of: GeneratedFollower[]; map: Map<string, number> };
}

export function createFollowerState(followers: GeneratedFollower[], options: Partial<Omit<FollowerState, 'followers'>> = {}): FollowerState {
  return {
    followers,
    pageSize: 10_000,
    batchLimit: 100,
    calls: { list: 0, batchget: 0 },
    served: { list: 0, batchget: 0 },
    quotaAfter: {},
    checkToken: (token) => (token ? undefined : err(41001, 'access_token missing')),
    listEnd: 'wechat',
    ...options,
  };
}

/** A new day: the quota counters start over (limits stay). */
export function resetQuota(state: FollowerState): void {
  state.served = { list: 0, batchget: 0 };
}

let rids = 0;
const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: ${(++rids).toString(16).padStart(8, '0')}-fb` });

function indexOf(state: FollowerState): Map<string, number> {
  if (state.index?.of !== state.followers) {
    state.index = { of: state.followers, map: new Map(state.followers.map((f, i) => [f.openid, i])) };
  }
  return state.index.map;
}

/** The follower with this openid in the base (followed or not), or undefined. */
export function followerByOpenid(state: FollowerState, openid: string): GeneratedFollower | undefined {
  const at = indexOf(state).get(openid);
  return at === undefined ? undefined : state.followers[at];
}

/**
 * These followers unfollow now (e.g. between the list read and a tagging call): from here on batchget
 * answers them `subscribe: 0` and tag calls 40003. They keep their place in the list, as WeChat's
 * openid stays the same.
 */
export function unfollow(state: FollowerState, openids: Iterable<string>): void {
  for (const openid of openids) {
    const at = indexOf(state).get(openid);
    if (at === undefined) throw new Error(`${openid} is not in the follower base`);
    state.followers[at] = { subscribe: 0, openid };
  }
}

/**
 * The answer for `path` (query already decoded, body parsed JSON), or undefined when the path is not
 * one of the two follower doors. Counts calls and applies the injected quota.
 */
export function handleFollowerRequest(path: string, query: Record<string, string | undefined>, body: unknown, state: FollowerState): object | undefined {
  const door = path === USER_GET ? 'list' : path === USER_BATCHGET ? 'batchget' : undefined;
  if (!door) return undefined;
  state.calls[door]++;
  const refused = state.checkToken(query.access_token);
  if (refused) return refused;
  const limit = state.quotaAfter[door];
  if (limit !== undefined && state.served[door] >= limit) return err(45009, 'reach max api daily quota limit');
  const answer = door === 'list' ? listPage(query, state) : batchget(body, state);
  if (!('errcode' in answer)) state.served[door]++;
  return answer;
}

function listPage(query: Record<string, string | undefined>, state: FollowerState): object {
  const next = query.next_openid ?? '';
  let start = 0;
  if (next !== '') {
    const at = indexOf(state).get(next);
    if (at === undefined) return err(40003, 'invalid openid');
    start = at + 1;
  }
  const openids = state.followers.slice(start, start + state.pageSize).map((f) => f.openid);
  const total = state.followers.length;
  if (openids.length === 0) return { total, count: 0, next_openid: '' };
  const end = start + openids.length;
  const next_openid = state.listEnd === 'empty-next' && end >= total ? '' : openids[openids.length - 1]!;
  return { total, count: openids.length, data: { openid: openids }, next_openid };
}

function batchget(body: unknown, state: FollowerState): object {
  if (typeof body !== 'object' || body === null) return err(47001, 'data format error');
  const list = (body as { user_list?: unknown }).user_list;
  if (!Array.isArray(list)) return err(47001, 'data format error');
  if (list.length === 0 || list.length > state.batchLimit) return err(40032, 'invalid openid list size');
  const index = indexOf(state);
  const users: GeneratedFollower[] = [];
  for (const entry of list) {
    const openid = (entry as { openid?: unknown } | null)?.openid;
    const at = typeof openid === 'string' ? index.get(openid) : undefined;
    if (at === undefined) return err(40003, 'invalid openid');
    users.push(state.followers[at]!);
  }
  return { user_info_list: users.map((u) => ({ ...u, tagid_list: 'tagid_list' in u ? [...u.tagid_list] : undefined })).map(stripUndefined) };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
