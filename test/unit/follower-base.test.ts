import { describe, expect, it } from 'vitest';
import {
  type GenerateOptions,
  USER_BATCHGET,
  USER_GET,
  createFollowerState,
  expectedTally,
  generateFollowers,
  handleFollowerRequest,
  resetQuota,
} from '../stand-ins/follower-base';
import { aggregateFollowers, toFollowerFacts } from '../../utils/report/follower-report';

const NOW = 1_700_000_000_000;
const OPTIONS: GenerateOptions = {
  count: 25_001,
  seed: 42,
  scenes: { sceneId: [1, 2, 98765], sceneStr: ['store-42', 'poster'] },
  unfollowedShare: 0.05,
  noSceneShare: 0.3,
  now: NOW,
};
const TOKEN = { access_token: 'T' };

describe('generateFollowers', () => {
  const followers = generateFollowers(OPTIONS);

  it('is deterministic for a seed and differs between seeds', () => {
    // Followers are drawn one after another, so the same seed gives the same first 2,000 whatever the
    // count (generating all 25,001 again took over 5 s on a loaded machine); compared as JSON text.
    expect(JSON.stringify(generateFollowers({ ...OPTIONS, count: 2_000 }))).toBe(JSON.stringify(followers.slice(0, 2_000)));
    // The first follower is drawn first, whatever the count: ten are enough to see the seed matter.
    expect(generateFollowers({ ...OPTIONS, seed: 43, count: 10 })[0]!.openid).not.toBe(followers[0]!.openid);
  });

  it('makes unique, WeChat-shaped openids', () => {
    expect(new Set(followers.map((f) => f.openid)).size).toBe(followers.length);
    for (const f of followers.slice(0, 100)) expect(f.openid).toMatch(/^o[\w-]{27}$/);
  });

  it('has the quirks of real accounts', () => {
    const unfollowed = followers.filter((f) => f.subscribe === 0);
    expect(unfollowed.length / followers.length).toBeGreaterThan(0.03);
    expect(unfollowed.length / followers.length).toBeLessThan(0.07);
    for (const f of unfollowed) expect(Object.keys(f).sort()).toEqual(['openid', 'subscribe']);

    const subscribed = followers.filter((f) => f.subscribe === 1);
    const othersWithScene = subscribed.filter((f) => f.subscribe_scene === 'ADD_SCENE_OTHERS' && (f.qr_scene || f.qr_scene_str));
    expect(othersWithScene.length).toBeGreaterThan(0);
    const noFields = subscribed.filter((f) => !('qr_scene' in f) && !('qr_scene_str' in f));
    expect(noFields.length).toBeGreaterThan(0);
    const zeroes = subscribed.filter((f) => f.qr_scene === 0 && f.qr_scene_str === '');
    expect(zeroes.length).toBeGreaterThan(0);
    expect(subscribed.some((f) => f.qr_scene === 98765 && f.qr_scene_str === '')).toBe(true);
    expect(subscribed.some((f) => f.qr_scene === 0 && f.qr_scene_str === 'store-42')).toBe(true);
    // Subscribe times are in the past, in seconds.
    expect(subscribed.every((f) => f.subscribe_time <= NOW / 1000 && f.subscribe_time > NOW / 1000 - 400 * 86400)).toBe(true);
  });

  it('agrees with the report aggregation', () => {
    const tally = expectedTally(followers, NOW);
    const report = aggregateFollowers(
      followers.map((f) => toFollowerFacts(f)!),
      [],
      NOW,
    );
    expect(report.otherSources).toBe(tally.otherSources);
    expect(report.otherRecent).toEqual(tally.otherRecent);
    expect(report.unfollowed).toBe(tally.unfollowed);
    expect(new Map(report.rows.map((r) => [`${r.kind}:${r.scene}`, { followers: r.followers, last7Days: r.last7Days, last30Days: r.last30Days }]))).toEqual(
      tally.scenes,
    );
  });
});

describe('handleFollowerRequest', () => {
  const followers = generateFollowers(OPTIONS);

  it('leaves other paths alone', () => {
    const state = createFollowerState(followers);
    expect(handleFollowerRequest('/cgi-bin/qrcode/create', TOKEN, {}, state)).toBeUndefined();
    expect(state.calls).toEqual({ list: 0, batchget: 0 });
  });

  it('lists 10,000 openids a page, WeChat style: the last page names its last openid, then an empty answer', () => {
    const state = createFollowerState(followers);
    const pages: Array<{ total: number; count: number; data?: { openid: string[] }; next_openid: string }> = [];
    let next = '';
    for (let i = 0; i < 10; i++) {
      const page = handleFollowerRequest(USER_GET, { ...TOKEN, next_openid: next }, null, state) as (typeof pages)[number];
      pages.push(page);
      if (page.count === 0 || page.next_openid === '') break;
      next = page.next_openid;
    }
    expect(pages.map((p) => p.count)).toEqual([10_000, 10_000, 5_001, 0]);
    expect(pages.every((p) => p.total === followers.length)).toBe(true);
    expect(pages[3]).toEqual({ total: followers.length, count: 0, next_openid: '' });
    expect(pages.flatMap((p) => p.data?.openid ?? [])).toEqual(followers.map((f) => f.openid));
    expect(pages[0]!.next_openid).toBe(followers[9_999]!.openid);
    expect(state.calls.list).toBe(4);
  });

  it('can end with an empty next_openid on the last page instead', () => {
    const state = createFollowerState(followers.slice(0, 150), { listEnd: 'empty-next', pageSize: 100 });
    const first = handleFollowerRequest(USER_GET, TOKEN, null, state) as { count: number; next_openid: string };
    const second = handleFollowerRequest(USER_GET, { ...TOKEN, next_openid: first.next_openid }, null, state) as { count: number; next_openid: string };
    expect([first.count, second.count, second.next_openid]).toEqual([100, 50, '']);
  });

  it('refuses an unknown next_openid and a missing token', () => {
    const state = createFollowerState(followers);
    expect(handleFollowerRequest(USER_GET, { ...TOKEN, next_openid: 'nobody' }, null, state)).toMatchObject({ errcode: 40003 });
    expect(handleFollowerRequest(USER_GET, {}, null, state)).toMatchObject({ errcode: 41001 });
    const strict = createFollowerState(followers, { checkToken: (t) => (t === 'GOOD' ? undefined : { errcode: 40001, errmsg: 'invalid credential' }) });
    expect(handleFollowerRequest(USER_GET, TOKEN, null, strict)).toMatchObject({ errcode: 40001 });
    expect(handleFollowerRequest(USER_GET, { access_token: 'GOOD' }, null, strict)).toMatchObject({ count: 10_000 });
  });

  it('details up to 100 users a call, in the order asked, and refuses more or none', () => {
    const state = createFollowerState(followers);
    const ask = (openids: string[]) => ({ user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) });
    const hundred = followers
      .slice(500, 600)
      .map((f) => f.openid)
      .reverse();
    const answer = handleFollowerRequest(USER_BATCHGET, TOKEN, ask(hundred), state) as { user_info_list: Array<{ openid: string }> };
    expect(answer.user_info_list.map((u) => u.openid)).toEqual(hundred);
    expect(answer.user_info_list).toEqual(hundred.map((id) => followers.find((f) => f.openid === id)));
    const tooMany = followers.slice(0, 101).map((f) => f.openid);
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask(tooMany), state)).toMatchObject({ errcode: 40032 });
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask([]), state)).toMatchObject({ errcode: 40032 });
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask(['nobody']), state)).toMatchObject({ errcode: 40003 });
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, null, state)).toMatchObject({ errcode: 47001 });
    expect(state.calls.batchget).toBe(5);
    expect(state.served.batchget).toBe(1);
  });

  it('answers unfollowed users with subscribe 0 and nothing else', () => {
    const state = createFollowerState(followers);
    const gone = followers.find((f) => f.subscribe === 0)!;
    const answer = handleFollowerRequest(USER_BATCHGET, TOKEN, { user_list: [{ openid: gone.openid }] }, state) as { user_info_list: object[] };
    expect(answer.user_info_list).toEqual([{ subscribe: 0, openid: gone.openid }]);
  });

  it('answers 45009 once the injected quota is used, per door, until a new day', () => {
    const state = createFollowerState(followers, { quotaAfter: { batchget: 2 } });
    const ask = { user_list: [{ openid: followers[0]!.openid }] };
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask, state)).toHaveProperty('user_info_list');
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask, state)).toHaveProperty('user_info_list');
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask, state)).toMatchObject({ errcode: 45009 });
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask, state)).toMatchObject({ errcode: 45009 });
    expect(handleFollowerRequest(USER_GET, TOKEN, null, state)).toHaveProperty('count', 10_000);
    resetQuota(state);
    expect(handleFollowerRequest(USER_BATCHGET, TOKEN, ask, state)).toHaveProperty('user_info_list');
    expect(state.calls.batchget).toBe(5);

    const listQuota = createFollowerState(followers, { quotaAfter: { list: 0 } });
    expect(handleFollowerRequest(USER_GET, TOKEN, null, listQuota)).toMatchObject({ errcode: 45009 });
  });
});
