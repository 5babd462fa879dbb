/**
 * The stand-in's tag rules (contract §9), one test each, so it cannot quietly grow looser than the
 * contract and let a tagging bug through.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type FollowerState, USER_BATCHGET, createFollowerState, generateFollowers, handleFollowerRequest, unfollow } from '../stand-ins/follower-base';
import { BATCH_TAGGING, BATCH_UNTAGGING, TAGS_CREATE, TAGS_GET, TAGS_UPDATE, TagBase } from '../stand-ins/tag-base';

const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg} rid: t` });
let state: FollowerState;
let tags: TagBase;
let current: string[];

beforeEach(() => {
  state = createFollowerState(
    generateFollowers({ count: 200, seed: 7, scenes: { sceneStr: ['store-1'] }, unfollowedShare: 0.1, noSceneShare: 0.2, now: 1.7e12 }),
  );
  tags = new TagBase(() => state, err);
  current = state.followers.filter((f) => f.subscribe === 1).map((f) => f.openid);
});

const tagging = (tagid: number, openids: string[]) => tags.handle(BATCH_TAGGING, { openid_list: openids, tagid });
const untagging = (tagid: number, openids: string[]) => tags.handle(BATCH_UNTAGGING, { openid_list: openids, tagid });
const OK = { errcode: 0, errmsg: 'ok' };

describe('tags/get, create and update', () => {
  it('lists 星标组 (2) and the tags made, with their follower counts; ids from 100 on', () => {
    expect(tags.handle(TAGS_CREATE, { tag: { name: '广东' } })).toEqual({ tag: { id: 100, name: '广东' } });
    expect(tagging(100, current.slice(0, 3))).toEqual(OK);
    expect(tags.handle(TAGS_GET, null)).toEqual({
      tags: [
        { id: 2, name: '星标组', count: 0 },
        { id: 100, name: '广东', count: 3 },
      ],
    });
  });

  it('names are 1 to 30 UTF-8 bytes: 10 Chinese characters fit, 11 are 45158; an empty name is 45157', () => {
    expect(tags.handle(TAGS_CREATE, { tag: { name: '一二三四五六七八九十' } })).toHaveProperty('tag');
    expect(tags.handle(TAGS_CREATE, { tag: { name: '一二三四五六七八九十一' } })).toMatchObject({ errcode: 45158 });
    expect(tags.handle(TAGS_CREATE, { tag: { name: 'a'.repeat(31) } })).toMatchObject({ errcode: 45158 });
    expect(tags.handle(TAGS_CREATE, { tag: { name: '' } })).toMatchObject({ errcode: 45157 });
  });

  it("a name taken, WeChat's 星标组 included, is 45157; renaming a tag to its own name is fine", () => {
    const id = tags.add('门店');
    expect(tags.handle(TAGS_CREATE, { tag: { name: '门店' } })).toMatchObject({ errcode: 45157 });
    expect(tags.handle(TAGS_CREATE, { tag: { name: '星标组' } })).toMatchObject({ errcode: 45157 });
    const other = tags.add('海报');
    expect(tags.handle(TAGS_UPDATE, { tag: { id: other, name: '门店' } })).toMatchObject({ errcode: 45157 });
    expect(tags.handle(TAGS_UPDATE, { tag: { id, name: '门店' } })).toEqual(OK);
    expect(tags.handle(TAGS_UPDATE, { tag: { id, name: '门店 2' } })).toEqual(OK);
    expect((tags.handle(TAGS_GET, null) as { tags: { name: string }[] }).tags.map((t) => t.name)).toEqual(['星标组', '门店 2', '海报']);
  });

  it('the 101st tag of the account is 45056 (WeChat’s own do not count)', () => {
    for (let i = 0; i < 100; i++) tags.add(`t${i}`);
    expect(tags.handle(TAGS_CREATE, { tag: { name: 'one more' } })).toMatchObject({ errcode: 45056 });
  });

  it('tags 0, 1 and 2 cannot be renamed (45058); an unknown id is 45159', () => {
    for (const id of [0, 1, 2]) expect(tags.handle(TAGS_UPDATE, { tag: { id, name: 'x' } })).toMatchObject({ errcode: 45058 });
    expect(tags.handle(TAGS_UPDATE, { tag: { id: 555, name: 'x' } })).toMatchObject({ errcode: 45159 });
  });

  it('an empty body is 44002 and one that is not a tag object 47001', () => {
    expect(tags.handle(TAGS_CREATE, null)).toMatchObject({ errcode: 44002 });
    expect(tags.handle(TAGS_CREATE, '{"tag":')).toMatchObject({ errcode: 47001 });
    expect(tags.handle(BATCH_TAGGING, { openid_list: ['x'] })).toMatchObject({ errcode: 47001 });
  });

  it('leaves other paths alone', () => {
    expect(tags.handle('/cgi-bin/user/get', null)).toBeUndefined();
  });
});

describe('batchtagging and batchuntagging', () => {
  it('tags and untags; batchget answers the tag in tagid_list; doing either twice changes nothing', () => {
    const id = tags.add('门店');
    const some = current.slice(0, 5);
    expect(tagging(id, some)).toEqual(OK);
    expect(tagging(id, some)).toEqual(OK);
    expect(tags.membersOf(id)).toEqual(some);
    const answer = handleFollowerRequest(USER_BATCHGET, { access_token: 'T' }, { user_list: [{ openid: some[0] }] }, state) as {
      user_info_list: { tagid_list: number[] }[];
    };
    expect(answer.user_info_list[0]!.tagid_list).toEqual([id]);
    expect(untagging(id, some.slice(0, 2))).toEqual(OK);
    expect(untagging(id, some.slice(0, 2))).toEqual(OK);
    expect(tags.membersOf(id)).toEqual(some.slice(2));
    expect(tags.tagsOf(some[0]!)).toEqual([]);
  });

  it('takes 1 to 50 openids a call (40032)', () => {
    const id = tags.add('门店');
    expect(tagging(id, current.slice(0, 50))).toEqual(OK);
    expect(tagging(id, current.slice(0, 51))).toMatchObject({ errcode: 40032 });
    expect(tagging(id, [])).toMatchObject({ errcode: 40032 });
    expect(untagging(id, current.slice(0, 51))).toMatchObject({ errcode: 40032 });
  });

  it("never tags with WeChat's own tags (45058), nor with one that does not exist (45159)", () => {
    for (const id of [0, 1, 2]) expect(tagging(id, current.slice(0, 1))).toMatchObject({ errcode: 45058 });
    expect(tagging(777, current.slice(0, 1))).toMatchObject({ errcode: 45159 });
    expect(untagging(777, current.slice(0, 1))).toMatchObject({ errcode: 45159 });
  });

  it('a follower at 20 tags refuses the whole call with 45059 and nobody is tagged; one who already has the tag is no obstacle', () => {
    const ids = Array.from({ length: 21 }, (_, i) => tags.add(`t${i}`));
    const [full, other] = [current[0]!, current[1]!];
    tags.putTags(full, ids.slice(0, 20));
    expect(tagging(ids[20]!, [other, full])).toMatchObject({ errcode: 45059 });
    expect(tags.tagsOf(other)).toEqual([]);
    expect(tagging(ids[0]!, [other, full])).toEqual(OK);
    expect(tags.tagsOf(full)).toHaveLength(20);
  });

  it('a follower who unfollowed between the list read and the call refuses it with 40003, nobody tagged; an openid never of this account is 49003', () => {
    const id = tags.add('门店');
    const [staying, leaving] = [current[0]!, current[1]!];
    unfollow(state, [leaving]);
    expect(tagging(id, [staying, leaving])).toMatchObject({ errcode: 40003 });
    expect(untagging(id, [leaving])).toMatchObject({ errcode: 40003 });
    expect(tags.membersOf(id)).toEqual([]);
    expect(tagging(id, [staying, 'oOTHERaccountxxxxxxxxxxxxxxx'])).toMatchObject({ errcode: 49003 });
    expect(tagging(id, [staying])).toEqual(OK);
    const answer = handleFollowerRequest(USER_BATCHGET, { access_token: 'T' }, { user_list: [{ openid: leaving }] }, state) as { user_info_list: object[] };
    expect(answer.user_info_list).toEqual([{ subscribe: 0, openid: leaving }]);
  });

  it('counts member calls per door', () => {
    const id = tags.add('门店');
    tagging(id, current.slice(0, 1));
    tagging(id, []);
    untagging(id, current.slice(0, 1));
    expect(tags.calls).toEqual({ tagging: 2, untagging: 1 });
  });
});
