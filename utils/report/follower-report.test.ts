import { describe, expect, it } from 'vitest';
import { generateFollowers } from '@/test/stand-ins/follower-base';
import {
  DAY_MS,
  type FollowerFacts,
  type FollowerReport,
  aggregateFollowers,
  applyBatch,
  applyLaterBatch,
  applyListPage,
  newReportCursor,
  nextDetailBatch,
  parseCursor,
  reportFromCursor,
  serializeCursor,
  toFollowerFacts,
} from './follower-report';
import type { QrCodeRecord } from '@/utils/codes/record';
import { NOW, code as historyCode } from '@/test/unit/records';

const SECONDS = Math.floor(NOW / 1000);

/** History's test record, labelled, created 100 days ago and expired since. */
const code = (id: string, patch: Partial<QrCodeRecord> = {}) =>
  historyCode(id, { label: `label ${id}`, createdAt: NOW - 100 * DAY_MS, expiresAt: NOW - 99 * DAY_MS, ...patch });

let n = 0;
function user(patch: Partial<FollowerFacts> = {}): FollowerFacts {
  return { openid: `o${++n}`, subscribe: 1, subscribe_time: SECONDS - 365 * 86400, qr_scene: 0, qr_scene_str: '', ...patch };
}

const row = (report: FollowerReport, kind: 'id' | 'str', scene: string) => report.rows.find((r) => r.kind === kind && r.scene === scene);

describe('aggregateFollowers', () => {
  it('joins numeric scenes to number codes and text scenes to text codes, never across', () => {
    const codes = [
      code('a', { actionName: 'QR_SCENE', scene: '42' }),
      code('b', { actionName: 'QR_LIMIT_STR_SCENE', scene: '42', expiresAt: null, expireSeconds: null }),
      code('c', { actionName: 'QR_STR_SCENE', scene: 'store-1' }),
    ];
    const report = aggregateFollowers(
      [user({ qr_scene: 42 }), user({ qr_scene: 42 }), user({ qr_scene_str: '42' }), user({ qr_scene_str: 'store-1' })],
      codes,
      NOW,
    );
    expect(row(report, 'id', '42')).toMatchObject({ followers: 2, code: { id: 'a', actionName: 'QR_SCENE' } });
    expect(row(report, 'str', '42')).toMatchObject({ followers: 1, code: { id: 'b' } });
    expect(row(report, 'str', 'store-1')).toMatchObject({ followers: 1, code: { id: 'c' } });
    expect(report.rows.map((r) => r.followers)).toEqual([2, 1, 1]);
    expect(report.counted).toBe(4);
  });

  it('reads qr_scene sent as text, and normalizes number scenes of history', () => {
    const report = aggregateFollowers([user({ qr_scene: '7' })], [code('a', { actionName: 'QR_LIMIT_SCENE', scene: '007' })], NOW);
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ kind: 'id', followers: 1, code: { id: 'a' } });
  });

  it('shows the current label of a renamed code, and shares one row among codes of one scene (newest names it)', () => {
    const older = code('old', { actionName: 'QR_SCENE', scene: '5', label: 'poster v1', createdAt: NOW - 60 * DAY_MS });
    const renewed = code('new', { actionName: 'QR_SCENE', scene: '5', label: 'poster v1', createdAt: NOW - 20 * DAY_MS, renewedFromId: 'old' });
    const permanent = code('perm', { actionName: 'QR_LIMIT_SCENE', scene: '5', label: 'shop', createdAt: NOW - 90 * DAY_MS, expiresAt: null });
    const users = [user({ qr_scene: 5 }), user({ qr_scene: 5 }), user({ qr_scene: 5 })];
    const before = aggregateFollowers(users, [older, renewed, permanent], NOW);
    expect(before.rows).toHaveLength(1);
    expect(before.rows[0]!.codes.map((c) => c.id)).toEqual(['new', 'old', 'perm']);
    expect(before.rows[0]).toMatchObject({ followers: 3, code: { id: 'new', label: 'poster v1' } });
    const after = aggregateFollowers(users, [older, { ...renewed, label: 'poster v2 (renamed)' }, permanent], NOW);
    expect(after.rows[0]).toMatchObject({ followers: 3, code: { id: 'new', label: 'poster v2 (renamed)' } });
    expect(after.rows[0]!.code).not.toHaveProperty('ticket');
  });

  it('gives scenes without a code a row of their own, and codes without followers a 0 row', () => {
    const report = aggregateFollowers(
      [user({ qr_scene: 999 }), user({ qr_scene_str: 'elsewhere' }), user({ qr_scene_str: 'elsewhere' })],
      [code('quiet', { scene: 'nobody-came' })],
      NOW,
    );
    expect(report.rows.map((r) => [r.kind, r.scene, r.followers, r.code?.id ?? null])).toEqual([
      ['str', 'elsewhere', 2, null],
      ['id', '999', 1, null],
      ['str', 'nobody-came', 0, 'quiet'],
    ]);
    expect(row(report, 'str', 'elsewhere')!.codes).toEqual([]);
  });

  it('does not count unfollowed users; counts followers without a scene as other sources', () => {
    const report = aggregateFollowers(
      [
        { openid: 'gone', subscribe: 0 },
        { openid: 'gone-too', subscribe: 0, qr_scene: 3 },
        user({ qr_scene: 3 }),
        user({ qr_scene: 0, qr_scene_str: '' }),
        { openid: 'no-fields', subscribe: 1, subscribe_time: SECONDS },
        user({ qr_scene: -1 }),
      ],
      [code('three', { actionName: 'QR_SCENE', scene: '3' })],
      NOW,
    );
    expect(report.unfollowed).toBe(2);
    expect(report.otherSources).toBe(3);
    expect(row(report, 'id', '3')!.followers).toBe(1);
    expect(report.counted).toBe(4);
  });

  it('counts a follower with both scene fields once, under the text scene', () => {
    const report = aggregateFollowers([user({ qr_scene: 8, qr_scene_str: 'eight' })], [], NOW);
    expect(report.rows).toEqual([expect.objectContaining({ kind: 'str', scene: 'eight', followers: 1 })]);
  });

  it('puts the 7- and 30-day boundaries inclusive, to the second', () => {
    const at = (daysAgo: number, extraSeconds = 0) => user({ qr_scene: 1, subscribe_time: SECONDS - daysAgo * 86400 - extraSeconds });
    const report = aggregateFollowers(
      [
        at(0),
        at(7), // exactly 7 days: in both
        at(7, 1), // one second older: 30 only
        at(30), // exactly 30 days: 30 only
        at(30, 1), // out of both
        user({ qr_scene: 1, subscribe_time: SECONDS + 60 }), // clock skew: in both
        user({ qr_scene: 1, subscribe_time: undefined }), // unknown time: neither
      ],
      [],
      NOW,
    );
    expect(report.rows[0]).toMatchObject({ followers: 7, last7Days: 3, last30Days: 5 });
  });

  it('gives other sources the same 7- and 30-day windows', () => {
    const at = (daysAgo: number) => user({ subscribe_time: SECONDS - daysAgo * 86400 });
    const report = aggregateFollowers(
      [at(1), at(7), at(20), at(31), user({ subscribe_time: undefined }), user({ qr_scene: 1, subscribe_time: SECONDS })],
      [],
      NOW,
    );
    expect(report.otherSources).toBe(5);
    expect(report.otherRecent).toEqual({ last7Days: 2, last30Days: 3 });
  });

  it("leaves the other sources' windows unknown for a refresh saved before they were counted", () => {
    const { otherRecent: _absent, ...old } = applyListPage(newReportCursor(NOW), { total: 1, count: 1, data: { openid: ['o-old'] }, next_openid: '' });
    const cursor = applyBatch(old, [{ openid: 'o-old', subscribe: 1, subscribe_time: SECONDS }]);
    expect(cursor.otherSources).toBe(1);
    expect(cursor.otherRecent).toBeUndefined();
    expect(reportFromCursor(cursor, []).otherRecent).toBeUndefined();
    expect(parseCursor(serializeCursor(cursor))).toEqual(cursor);
  });

  it('keeps only openid, subscribe, the scene fields and subscribe_time', () => {
    const raw = {
      subscribe: 1,
      openid: 'o1',
      nickname: 'x',
      remark: 'VIP',
      tagid_list: [2],
      subscribe_scene: 'ADD_SCENE_OTHERS',
      subscribe_time: 5,
      qr_scene: 9,
      qr_scene_str: '',
    };
    expect(toFollowerFacts(raw)).toEqual({ openid: 'o1', subscribe: 1, subscribe_time: 5, qr_scene: 9, qr_scene_str: '' });
    expect(toFollowerFacts({ subscribe: 1 })).toBeUndefined();
  });
});

describe('the report cursor', () => {
  const followers = generateFollowers({
    count: 2_345,
    seed: 7,
    scenes: { sceneId: [1, 2, 3, 100], sceneStr: ['store-1', 'store-2', 'poster'] },
    unfollowedShare: 0.05,
    noSceneShare: 0.3,
    now: NOW,
    spreadDays: 60,
  });
  const codes = [code('s1', { scene: 'store-1' }), code('i2', { actionName: 'QR_SCENE', scene: '2' })];
  const byOpenid = new Map(followers.map((f) => [f.openid, f]));
  const PAGE = 1000;

  /** One list page as the stand-in gives it (next_openid = last openid; an empty page at the end). */
  function listAt(next: string) {
    const start = next === '' ? 0 : followers.findIndex((f) => f.openid === next) + 1;
    const openid = followers.slice(start, start + PAGE).map((f) => f.openid);
    return openid.length === 0
      ? { total: followers.length, count: 0, next_openid: '' }
      : { total: followers.length, count: openid.length, data: { openid }, next_openid: openid[openid.length - 1]! };
  }

  /** Runs `steps` steps (list page or batch); returns the cursor. */
  function run(cursor = newReportCursor(NOW), steps = Infinity) {
    for (let i = 0; i < steps && cursor.phase !== 'done'; i++) {
      if (cursor.phase === 'list') cursor = applyListPage(cursor, listAt(cursor.nextOpenid));
      else
        cursor = applyBatch(
          cursor,
          nextDetailBatch(cursor).map((id) => byOpenid.get(id)!),
        );
    }
    return cursor;
  }

  it('reads every page and batch and agrees with aggregating in one go', () => {
    const done = run();
    expect(done.phase).toBe('done');
    expect(done.openidsRead).toBe(followers.length);
    expect(done.detailed).toBe(followers.length);
    expect(done.page).toEqual([]);
    expect(reportFromCursor(done, codes)).toEqual(aggregateFollowers(followers, codes, NOW));
  });

  it('gives the same report when resumed from a saved cursor at any point', () => {
    const whole = reportFromCursor(run(), codes);
    for (const steps of [0, 1, 2, 5, 11, 12, 13, 30]) {
      const saved = serializeCursor(run(newReportCursor(NOW), steps));
      const resumed = parseCursor(saved);
      expect(resumed).toBeDefined();
      expect(reportFromCursor(run(resumed), codes)).toEqual(whole);
    }
  });

  it('ignores a batch applied twice (worker stopped before saving the next step)', () => {
    let cursor = run(newReportCursor(NOW), 3); // list, batch, batch
    expect(cursor.phase).toBe('details');
    const offset = cursor.detailOffset;
    const users = nextDetailBatch(cursor).map((id) => byOpenid.get(id)!);
    cursor = applyBatch(cursor, users, offset);
    const again = applyBatch(cursor, users, offset);
    expect(again).toEqual(cursor);
    expect(() => applyBatch(cursor, users, cursor.detailOffset + 100)).toThrow();
    // An answer that belongs to another batch counts nothing.
    const stray = applyBatch(cursor, users);
    expect(stray.counts).toEqual(cursor.counts);
    expect(stray.detailOffset).toBe(cursor.detailOffset + 100);
  });

  it('counts a batch answered after an earlier one failed, the failed one later, and agrees with the whole', () => {
    const whole = reportFromCursor(run(), codes);
    const answer = (openids: string[]) => openids.map((id) => byOpenid.get(id)!);
    // Mid-page, and the short last batch of the last page (345 followers: 0, 100, 200, 300–344).
    for (const steps of [3, 11 + 11 + 3]) {
      const before = run(newReportCursor(NOW), steps);
      const failedAt = before.detailOffset;
      const laterIds = before.page.slice(failedAt + 100, failedAt + 200);
      const failedIds = before.page.slice(failedAt, failedAt + 100);
      const after = applyLaterBatch(before, answer(laterIds), failedAt + 100);
      expect(after.detailed).toBe(before.detailed + laterIds.length);
      expect(after.detailOffset).toBe(failedAt + laterIds.length);
      expect(nextDetailBatch(after)).toEqual(failedIds);
      expect(new Set(after.page)).toEqual(new Set(before.page));
      // Applied again (a worker stopped before saving the next step): nothing changes.
      expect(applyLaterBatch(after, answer(laterIds), failedAt)).toEqual(after);
      expect(reportFromCursor(run(after), codes)).toEqual(whole);
    }
  });

  it('uses the clock it started with, not the time of resuming', () => {
    const saved = serializeCursor(run(newReportCursor(NOW), 4));
    const resumed = parseCursor(saved)!;
    expect(resumed.now).toBe(NOW);
  });

  it('ends on an empty next_openid without another list call', () => {
    let cursor = applyListPage(newReportCursor(NOW), { total: 2, count: 2, data: { openid: ['a', 'b'] }, next_openid: '' });
    cursor = applyBatch(cursor, [
      { openid: 'a', subscribe: 1, qr_scene: 4 },
      { openid: 'b', subscribe: 0 },
    ]);
    expect(cursor.phase).toBe('done');
    expect(reportFromCursor(cursor, []).rows).toEqual([expect.objectContaining({ scene: '4', followers: 1 })]);
    expect(applyListPage(newReportCursor(NOW), { total: 0, count: 0, next_openid: '' }).phase).toBe('done');
  });

  it('refuses a damaged cursor', () => {
    const good = serializeCursor(run(newReportCursor(NOW), 3));
    expect(parseCursor(good)).toBeDefined();
    expect(parseCursor('not json')).toBeUndefined();
    expect(parseCursor(JSON.stringify({ ...JSON.parse(good), phase: 'later' }))).toBeUndefined();
    expect(parseCursor(JSON.stringify({ ...JSON.parse(good), detailOffset: 99_999 }))).toBeUndefined();
    expect(parseCursor(JSON.stringify({ ...JSON.parse(good), counts: { 'id:1': { followers: -1, last7Days: 0, last30Days: 0 } } }))).toBeUndefined();
    expect(parseCursor(JSON.stringify({ ...JSON.parse(good), otherRecent: { last7Days: 'x', last30Days: 0 } }))).toBeUndefined();
  });
});
