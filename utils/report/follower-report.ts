import type { QrCodeRecord } from '@/utils/codes/record';
import type { FollowerListPage } from '@/utils/wechat/follower-api';
import { usesSceneStr } from '@/utils/wechat/qr-request';

/**
 * The channel report: how many current followers each code brought (contract §7).
 *
 * WeChat tells, per follower, the scene of their *latest* follow (`qr_scene` for number codes,
 * `qr_scene_str` for text codes; 0 / '' / absent = none). `subscribe_scene` is not used: followers
 * who came by a parametric code have been seen with ADD_SCENE_OTHERS. Followers answered with
 * `subscribe: 0` unfollowed after the openid list was read and are not counted.
 *
 * Attribution decisions:
 * - A follower is counted under one key, kind + scene: `id:98765` or `str:store-42`. WeChat does not
 *   say which *code* was scanned, only the scene, so codes that share a scene and a kind (a renewed
 *   temporary code; a temporary and a permanent code with the same number; a code created twice)
 *   cannot be told apart: they share one row. `codes` lists all of them newest first and `code` is
 *   the newest (its label names the row). Numbers and texts never mix: scene_id 42 and scene_str "42"
 *   are different rows.
 * - A follower with both a non-zero `qr_scene` and a non-empty `qr_scene_str` (not seen in practice)
 *   is counted once, under the text scene.
 * - A scene with followers but no code in history (made elsewhere, or deleted from local history) gets
 *   a row with `code: null`. Every code in history gets a row, with 0 followers if none came.
 * - Followers without a scene are one `otherSources` number, with its own 7- and 30-day windows
 *   (`otherRecent`; absent in a refresh started by a version that did not count them: then unknown).
 * - Windows: a follower is in `last7Days` when `subscribe_time` is at most 7 × 24 h before the
 *   report's `now` (inclusive: exactly 7 days ago counts), likewise `last30Days`. A follower without
 *   `subscribe_time` is in neither window. Times after `now` (clock skew) count in both.
 *
 * Refreshing a large account takes many calls (1,000,000 followers: 100 list calls, 10,000 batch calls)
 * and the service worker may be stopped in between, so the work is a serializable cursor: one list
 * page at a time is read, then its openids are detailed 100 by 100, then the next page. The cursor
 * holds only that page's openids (≤ 10,000) and per-scene counts, never per-user data. Each step is a
 * pure function returning a new cursor; saving the cursor after every step and resuming from the saved
 * one never counts a follower twice (a batch re-applied at an offset already counted is ignored).
 */

export type SceneKind = 'id' | 'str';

/** What the report keeps of a follower: openid, subscribe, the scene fields and subscribe_time. */
export interface FollowerFacts {
  openid: string;
  subscribe: number;
  subscribe_time?: number;
  qr_scene?: number | string;
  qr_scene_str?: string;
}

/** The code a row names; no ticket or url. */
export interface ReportCode {
  id: string;
  label: string;
  scene: string;
  actionName: QrCodeRecord['actionName'];
  createdAt: number;
  expiresAt: number | null;
}

export interface RecentCounts {
  last7Days: number;
  last30Days: number;
}

export interface SceneCounts extends RecentCounts {
  followers: number;
}

export interface FollowerReportRow extends SceneCounts {
  /** The newest code of this scene and kind in history; null when the scene was made elsewhere. */
  code: ReportCode | null;
  /** Every code of this scene and kind in history, newest first (empty when made elsewhere). */
  codes: ReportCode[];
  scene: string;
  kind: SceneKind;
}

export interface FollowerReport {
  /** Most followers first; ties: newest code first, then scene. */
  rows: FollowerReportRow[];
  /** Current followers that came without a parametric code (search, profile card, migration…). */
  otherSources: number;
  /** Of those, the ones in the 7- and 30-day windows; absent when unknown (see the top of this file). */
  otherRecent?: RecentCounts;
  /** Listed but unfollowed by the time they were detailed: not counted anywhere else. */
  unfollowed: number;
  /** Followers counted: the rows' followers plus otherSources. */
  counted: number;
  now: number;
}

export const DAY_MS = 86_400_000;
export const LIST_PAGE_SIZE = 10_000;
export const DETAIL_BATCH_SIZE = 100;

/** `id:<number>` or `str:<text>`. */
export type SceneKey = string;

export function sceneKey(kind: SceneKind, scene: string): SceneKey {
  return `${kind}:${scene}`;
}

function parseKey(key: SceneKey): { kind: SceneKind; scene: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as SceneKind, scene: key.slice(colon + 1) };
}

/** Only what the report needs, from whatever WeChat answered (nickname, tags, remark… are dropped). */
export function toFollowerFacts(raw: unknown): FollowerFacts | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const user = raw as Record<string, unknown>;
  if (typeof user.openid !== 'string' || user.openid === '') return undefined;
  const facts: FollowerFacts = { openid: user.openid, subscribe: Number(user.subscribe) === 1 ? 1 : 0 };
  if (typeof user.subscribe_time === 'number') facts.subscribe_time = user.subscribe_time;
  if (typeof user.qr_scene === 'number' || typeof user.qr_scene === 'string') facts.qr_scene = user.qr_scene;
  if (typeof user.qr_scene_str === 'string') facts.qr_scene_str = user.qr_scene_str;
  return facts;
}

/** The key a follower is counted under, or undefined for no scene. */
export function followerSceneKey(user: FollowerFacts): SceneKey | undefined {
  if (typeof user.qr_scene_str === 'string' && user.qr_scene_str !== '') return sceneKey('str', user.qr_scene_str);
  const id = typeof user.qr_scene === 'string' ? (/^\d+$/.test(user.qr_scene) ? Number(user.qr_scene) : NaN) : user.qr_scene;
  if (typeof id === 'number' && Number.isInteger(id) && id > 0) return sceneKey('id', String(id));
  return undefined;
}

/** The key a code in history is found under: number scenes normalized ("007" → "7"). */
export function codeSceneKey(code: Pick<QrCodeRecord, 'actionName' | 'scene'>): SceneKey {
  if (usesSceneStr(code.actionName)) return sceneKey('str', code.scene);
  return sceneKey('id', /^\d+$/.test(code.scene) ? String(Number(code.scene)) : code.scene);
}

// ---------------------------------------------------------------------------------------------
// The resumable cursor

export interface ReportCursor {
  version: 1;
  /** list: read the page at `nextOpenid`; details: detail `page` from `detailOffset`; done. */
  phase: 'list' | 'details' | 'done';
  /** The report's clock, fixed when the refresh started so a resumed refresh uses the same windows. */
  now: number;
  /** The next_openid for the next list call ('' = the first page). */
  nextOpenid: string;
  /** `total` from the latest list answer (for progress). */
  total: number;
  /** Openids read from all list pages so far. */
  openidsRead: number;
  /** The current list page's openids, detailed from `detailOffset`; empty outside 'details'. */
  page: string[];
  /** How many of `page` are already counted. */
  detailOffset: number;
  /** Followers detailed so far, all pages (including unfollowed and ones WeChat did not answer). */
  detailed: number;
  counts: Record<SceneKey, SceneCounts>;
  otherSources: number;
  /** Optional: cursors saved before it was counted lack it (then the windows are unknown). */
  otherRecent?: RecentCounts;
  unfollowed: number;
}

export function newReportCursor(now: number): ReportCursor {
  return {
    version: 1,
    phase: 'list',
    now,
    nextOpenid: '',
    total: 0,
    openidsRead: 0,
    page: [],
    detailOffset: 0,
    detailed: 0,
    counts: {},
    otherSources: 0,
    otherRecent: { last7Days: 0, last30Days: 0 },
    unfollowed: 0,
  };
}

export function serializeCursor(cursor: ReportCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor back from storage; undefined when it is not one (then start a new refresh). */
export function parseCursor(text: string): ReportCursor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Partial<ReportCursor>;
  const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  const ok =
    c.version === 1 &&
    (c.phase === 'list' || c.phase === 'details' || c.phase === 'done') &&
    typeof c.now === 'number' &&
    typeof c.nextOpenid === 'string' &&
    [c.total, c.openidsRead, c.detailOffset, c.detailed, c.otherSources, c.unfollowed].every(isCount) &&
    Array.isArray(c.page) &&
    c.page.every((id) => typeof id === 'string') &&
    c.detailOffset! <= c.page.length &&
    typeof c.counts === 'object' &&
    c.counts !== null &&
    Object.values(c.counts).every((n) => typeof n === 'object' && n !== null && isCount(n.followers) && isCount(n.last7Days) && isCount(n.last30Days)) &&
    (c.otherRecent === undefined ||
      (typeof c.otherRecent === 'object' && c.otherRecent !== null && isCount(c.otherRecent.last7Days) && isCount(c.otherRecent.last30Days)));
  return ok ? (c as ReportCursor) : undefined;
}

/**
 * One list page read at `cursor.nextOpenid`. An empty page (count 0) or an empty next_openid ends
 * the list once the page is detailed; so does a next_openid equal to the one just asked (no progress).
 * An openid repeated within the page is detailed once.
 */
export function applyListPage(cursor: ReportCursor, answer: FollowerListPage): ReportCursor {
  if (cursor.phase !== 'list') throw new Error(`applyListPage in phase ${cursor.phase}`);
  const openids = answer.data?.openid ?? [];
  const count = answer.count ?? openids.length;
  const next = answer.next_openid ?? '';
  const last = count === 0 || openids.length === 0 || next === '' || next === cursor.nextOpenid;
  const page = [...new Set(openids)];
  return {
    ...cursor,
    phase: page.length > 0 ? 'details' : 'done',
    total: answer.total ?? cursor.total,
    openidsRead: cursor.openidsRead + page.length,
    page,
    detailOffset: 0,
    // '' after the last page: the 'details' phase then ends in 'done'.
    nextOpenid: last ? '' : next,
  };
}

/** The openids of the next batchget call (≤ 100); empty when the cursor is not detailing. */
export function nextDetailBatch(cursor: ReportCursor, size: number = DETAIL_BATCH_SIZE): string[] {
  if (cursor.phase !== 'details') return [];
  return cursor.page.slice(cursor.detailOffset, cursor.detailOffset + Math.min(size, DETAIL_BATCH_SIZE));
}

function addTo(counts: SceneCounts, user: FollowerFacts, now: number): void {
  counts.followers += 1;
  addToWindows(counts, user, now);
}

function addToWindows(counts: RecentCounts, user: FollowerFacts, now: number): void {
  if (typeof user.subscribe_time !== 'number') return;
  const age = now - user.subscribe_time * 1000;
  if (age <= 7 * DAY_MS) counts.last7Days += 1;
  if (age <= 30 * DAY_MS) counts.last30Days += 1;
}

/**
 * Counts the answer for the openids `nextDetailBatch(cursor)` gave, and moves past them. `users` is
 * WeChat's `user_info_list` (raw entries are fine: only FollowerFacts fields are read). Only users whose
 * openid is in the batch are counted, each once; openids WeChat did not answer are skipped.
 *
 * `batchOffset` (the cursor's `detailOffset` when the batch was taken) makes re-applying safe: a batch
 * already counted is ignored, so a worker that counted, died before saving the *next* step, and
 * re-applies against a newer cursor changes nothing. Without it the batch is taken as the next one.
 * An answer from another page cannot count either: only openids of the current batch are read.
 * `batchSize`: how many openids the call asked for, when fewer than the usual 100 (applyLaterBatch).
 */
export function applyBatch(
  cursor: ReportCursor,
  users: Iterable<unknown>,
  batchOffset: number = cursor.detailOffset,
  batchSize: number = DETAIL_BATCH_SIZE,
): ReportCursor {
  if (cursor.phase !== 'details') return cursor;
  if (batchOffset < cursor.detailOffset) return cursor;
  if (batchOffset > cursor.detailOffset) throw new Error(`batch at ${batchOffset} skips ${cursor.detailOffset}`);
  const batch = nextDetailBatch(cursor, batchSize);
  const wanted = new Set(batch);
  const counts: Record<SceneKey, SceneCounts> = { ...cursor.counts };
  let { otherSources, unfollowed } = cursor;
  const otherRecent = cursor.otherRecent && { ...cursor.otherRecent };
  for (const raw of users) {
    const user = toFollowerFacts(raw);
    if (!user || !wanted.delete(user.openid)) continue;
    if (user.subscribe !== 1) {
      unfollowed += 1;
      continue;
    }
    const key = followerSceneKey(user);
    if (key === undefined) {
      otherSources += 1;
      if (otherRecent) addToWindows(otherRecent, user, cursor.now);
      continue;
    }
    const row = (counts[key] = { ...(counts[key] ?? { followers: 0, last7Days: 0, last30Days: 0 }) });
    addTo(row, user, cursor.now);
  }
  const detailOffset = cursor.detailOffset + batch.length;
  const pageDone = detailOffset >= cursor.page.length;
  return {
    ...cursor,
    counts,
    otherSources,
    ...(otherRecent && { otherRecent }),
    unfollowed,
    detailed: cursor.detailed + batch.length,
    detailOffset: pageDone ? 0 : detailOffset,
    page: pageDone ? [] : cursor.page,
    phase: pageDone ? (cursor.nextOpenid === '' ? 'done' : 'list') : 'details',
  };
}

/**
 * Counts a batch answered after an earlier one of the same page failed (two calls are out at once):
 * its openids move in front of the ones still unread, the failed batch's among them, and are counted
 * now; the failed ones are read when the refresh resumes. The order of a page does not change its
 * counts, and a page whose order changed must be saved again. A batch already counted is ignored.
 */
export function applyLaterBatch(cursor: ReportCursor, users: Iterable<unknown>, batchOffset: number): ReportCursor {
  if (cursor.phase !== 'details' || batchOffset < cursor.detailOffset) return cursor;
  const { page, detailOffset } = cursor;
  const end = Math.min(batchOffset + DETAIL_BATCH_SIZE, page.length);
  const moved = [...page.slice(0, detailOffset), ...page.slice(batchOffset, end), ...page.slice(detailOffset, batchOffset), ...page.slice(end)];
  return applyBatch({ ...cursor, page: moved }, users, detailOffset, end - batchOffset);
}

// ---------------------------------------------------------------------------------------------
// The report

function toReportCode(code: QrCodeRecord): ReportCode {
  return {
    id: code.id,
    label: code.label,
    scene: code.scene,
    actionName: code.actionName,
    createdAt: code.createdAt,
    expiresAt: code.expiresAt,
  };
}

/** Joins the counts with the account's history (see the decisions at the top of this file). */
export function reportFromCursor(cursor: ReportCursor, codes: readonly QrCodeRecord[]): FollowerReport {
  const byKey = new Map<SceneKey, ReportCode[]>();
  for (const code of codes) {
    const key = codeSceneKey(code);
    byKey.set(key, [...(byKey.get(key) ?? []), toReportCode(code)]);
  }
  const keys = new Set<SceneKey>([...byKey.keys(), ...Object.keys(cursor.counts)]);
  const rows: FollowerReportRow[] = [...keys].map((key) => {
    const { kind, scene } = parseKey(key);
    const matching = (byKey.get(key) ?? []).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
    const counts = cursor.counts[key] ?? { followers: 0, last7Days: 0, last30Days: 0 };
    return {
      code: matching[0] ?? null,
      codes: matching,
      scene: matching[0]?.scene ?? scene,
      kind,
      followers: counts.followers,
      last7Days: counts.last7Days,
      last30Days: counts.last30Days,
    };
  });
  rows.sort(
    (a, b) =>
      b.followers - a.followers ||
      (b.code?.createdAt ?? -Infinity) - (a.code?.createdAt ?? -Infinity) ||
      a.kind.localeCompare(b.kind) ||
      a.scene.localeCompare(b.scene),
  );
  const counted = rows.reduce((sum, row) => sum + row.followers, 0) + cursor.otherSources;
  return {
    rows,
    otherSources: cursor.otherSources,
    ...(cursor.otherRecent && { otherRecent: cursor.otherRecent }),
    unfollowed: cursor.unfollowed,
    counted,
    now: cursor.now,
  };
}

/** The whole report in one go, from followers already detailed. */
export function aggregateFollowers(users: Iterable<FollowerFacts>, codes: readonly QrCodeRecord[], now: number): FollowerReport {
  const list = [...users];
  let cursor = applyListPage(newReportCursor(now), {
    total: list.length,
    count: list.length,
    data: { openid: list.map((u) => u.openid) },
    next_openid: '',
  });
  const byOpenid = new Map(list.map((u) => [u.openid, u]));
  while (cursor.phase === 'details') {
    const batch = nextDetailBatch(cursor);
    cursor = applyBatch(
      cursor,
      batch.map((id) => byOpenid.get(id)).filter((u) => u !== undefined),
    );
  }
  return reportFromCursor(cursor, codes);
}
