// @vitest-environment node
/**
 * The WeChat stand-in's own rules, one test each, so it cannot quietly grow looser than the
 * contract (docs/wechat-api.md; section numbers are its) and let an extension bug through.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_BATCHGET, USER_GET, generateFollowers } from '../stand-ins/follower-base';
import { jpegSize } from '../stand-ins/qr-jpeg';
import { CLASSIC_GRACE_MS } from '../stand-ins/wechat-tokens';
import { SECOND_APP_ID, SECOND_APP_SECRET, SHOWQRCODE_CONTENT_TYPE, TEST_APP_ID, TEST_APP_SECRET, WechatStandIn } from '../stand-ins/wechat-stand-in';

let standIn: WechatStandIn;

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
});

afterAll(() => standIn?.stop());

interface Answer {
  status: number;
  type: string;
  bytes: Buffer;
  json: Record<string, unknown>;
}

/** One HTTPS request to the stand-in (its certificate is self-signed). */
function call(method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: standIn.port, method, path, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const type = String(res.headers['content-type'] ?? '');
        resolve({ status: res.statusCode ?? 0, type, bytes, json: type.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (path: string, body: unknown) => call('POST', path, typeof body === 'string' ? body : JSON.stringify(body));
const classicToken = async (appId = TEST_APP_ID, secret = TEST_APP_SECRET) =>
  (await call('GET', `/cgi-bin/token?grant_type=client_credential&appid=${appId}&secret=${secret}`)).json.access_token as string;
const stableToken = async (force = false, appId = TEST_APP_ID, secret = TEST_APP_SECRET) =>
  (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: appId, secret, force_refresh: force })).json;
const create = (token: string, body: unknown) => post(`/cgi-bin/qrcode/create?access_token=${encodeURIComponent(token)}`, body);
const temporary = (scene: number) => ({ expire_seconds: 600, action_name: 'QR_SCENE', action_info: { scene: { scene_id: scene } } });
/** The errcode a create with this token gets for a good body (undefined: the code was made). */
const tokenWorks = async (token: string) => (await create(token, temporary(1))).json.errcode;

describe('§3 classic token', () => {
  it('a new fetch leaves the previous classic token 5 minutes, then it is refused with 40001', async () => {
    const first = await classicToken();
    expect(await tokenWorks(first)).toBeUndefined();
    const second = await classicToken();
    expect(second).not.toBe(first);
    standIn.clock.advance(CLASSIC_GRACE_MS - 1000);
    expect(await tokenWorks(first)).toBeUndefined();
    standIn.clock.advance(2000);
    expect(await tokenWorks(first)).toBe(40001);
    expect(await tokenWorks(second)).toBeUndefined();
  });

  it('never touches the stable token, and a token expires after its lifetime (42001)', async () => {
    const stable = (await stableToken()).access_token as string;
    await classicToken();
    await classicToken();
    standIn.clock.advance(CLASSIC_GRACE_MS + 1000);
    expect(await tokenWorks(stable)).toBeUndefined();
    standIn.clock.advance(standIn.tokenLifetimeSeconds * 1000);
    expect(await tokenWorks(stable)).toBe(42001);
  });
});

describe('§3 stable token', () => {
  it('returns the same token while valid, with its remaining lifetime', async () => {
    const first = await stableToken(false, SECOND_APP_ID, SECOND_APP_SECRET);
    standIn.clock.advance(1000_000);
    const again = await stableToken(false, SECOND_APP_ID, SECOND_APP_SECRET);
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBe((first.expires_in as number) - 1000);
  });

  it('force_refresh: true issues a new token and refuses the previous one at once (40001)', async () => {
    const old = (await stableToken()).access_token as string;
    const fresh = (await stableToken(true)).access_token as string;
    expect(fresh).not.toBe(old);
    expect(await tokenWorks(old)).toBe(40001);
    expect(await tokenWorks(fresh)).toBeUndefined();
    expect((await stableToken()).access_token).toBe(fresh);
  });
});

describe('§1 qrcode/create bodies', () => {
  let token: string;
  beforeAll(async () => {
    token = (await stableToken()).access_token as string;
  });

  it('refuses scene_id and scene_str together (40053, the closest documented code)', async () => {
    const both = { expire_seconds: 600, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_id: 7, scene_str: 'seven' } } };
    expect((await create(token, both)).json.errcode).toBe(40053);
    expect((await create(token, { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 7, scene_str: '7' } } })).json.errcode).toBe(40053);
  });

  it('refuses expire_seconds on a permanent code (40097, the closest documented code)', async () => {
    for (const [action, scene] of [
      ['QR_LIMIT_SCENE', { scene_id: 8 }],
      ['QR_LIMIT_STR_SCENE', { scene_str: 'eight' }],
    ] as const) {
      expect((await create(token, { expire_seconds: 600, action_name: action, action_info: { scene } })).json.errcode).toBe(40097);
      expect((await create(token, { action_name: action, action_info: { scene } })).json).toHaveProperty('ticket');
    }
  });

  it('answers 44002 for an empty body and 47001 for one that is not JSON', async () => {
    expect((await create(token, '')).json.errcode).toBe(44002);
    expect((await create(token, '{"action_name":')).json.errcode).toBe(47001);
  });
});

describe('§2 showqrcode', () => {
  it("serves a JPEG (WeChat's image/jpg) for a live ticket and 404 once it expired", async () => {
    const token = (await stableToken()).access_token as string;
    const made = (await create(token, temporary(9))).json as { ticket: string; expire_seconds: number };
    const image = await call('GET', `/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`);
    expect(image.status).toBe(200);
    expect(image.type).toBe(SHOWQRCODE_CONTENT_TYPE);
    expect(SHOWQRCODE_CONTENT_TYPE).toMatch(/^image\/jpe?g$/);
    expect([...image.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...image.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    const size = jpegSize(image.bytes)!;
    expect(size.width).toBe(size.height);
    expect(size.width % 8).toBe(0);
    // Encoded twice: 404, as WeChat does.
    expect((await call('GET', `/cgi-bin/showqrcode?ticket=${encodeURIComponent(encodeURIComponent(made.ticket))}`)).status).toBe(404);
    expect((await call('POST', `/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`)).json).toEqual({
      base_resp: { ret: 200005, err_msg: 'not supported' },
    });
    standIn.clock.advance(made.expire_seconds * 1000);
    expect((await call('GET', `/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`)).status).toBe(404);
  });
});

describe('§4 / §7 HTTP methods', () => {
  it('user/get takes GET only and batchget POST only; a wrong one gets 43002', async () => {
    standIn.setFollowers(generateFollowers({ count: 3, seed: 1, scenes: { sceneId: [1] }, unfollowedShare: 0, noSceneShare: 0, now: Date.now() }));
    const token = (await stableToken()).access_token as string;
    const list = await call('GET', `${USER_GET}?access_token=${token}`);
    expect(list.json).toMatchObject({ total: 3, count: 3 });
    expect((await post(`${USER_GET}?access_token=${token}`, {})).json).toMatchObject({ errcode: 43002, errmsg: expect.stringContaining('GET') });
    const openid = (list.json.data as { openid: string[] }).openid[0];
    expect((await post(`${USER_BATCHGET}?access_token=${token}`, { user_list: [{ openid }] })).json).toHaveProperty('user_info_list');
    expect((await call('GET', `${USER_BATCHGET}?access_token=${token}`)).json).toMatchObject({ errcode: 43002, errmsg: expect.stringContaining('POST') });
  });

  it('the token and create endpoints refuse the other method with 43002 too', async () => {
    expect((await call('GET', '/cgi-bin/stable_token')).json.errcode).toBe(43002);
    expect((await post(`/cgi-bin/token?grant_type=client_credential&appid=${TEST_APP_ID}&secret=${TEST_APP_SECRET}`, '')).json.errcode).toBe(43002);
    expect((await call('GET', '/cgi-bin/qrcode/create?access_token=x')).json.errcode).toBe(43002);
  });
});

describe('§9 tag doors', () => {
  const TAGGING = '/cgi-bin/tags/members/batchtagging';
  let token: string;
  let openids: string[];
  beforeAll(async () => {
    standIn.setFollowers(generateFollowers({ count: 30, seed: 9, scenes: { sceneStr: ['store-1'] }, unfollowedShare: 0, noSceneShare: 0, now: Date.now() }));
    standIn.tagBase.reset();
    token = (await stableToken()).access_token as string;
    openids = standIn.followers.followers.map((f) => f.openid);
  });

  it('tags/get takes GET, the others POST (43002), each with a live token (41001 / 40001)', async () => {
    expect((await call('GET', `/cgi-bin/tags/get?access_token=${token}`)).json).toEqual({ tags: [{ id: 2, name: '星标组', count: 0 }] });
    expect((await post(`/cgi-bin/tags/get?access_token=${token}`, {})).json.errcode).toBe(43002);
    expect((await call('GET', `/cgi-bin/tags/create?access_token=${token}`)).json.errcode).toBe(43002);
    expect((await call('GET', `${TAGGING}?access_token=${token}`)).json.errcode).toBe(43002);
    expect((await post('/cgi-bin/tags/create', { tag: { name: 'x' } })).json.errcode).toBe(41001);
    expect((await post(`/cgi-bin/tags/create?access_token=nope`, { tag: { name: 'x' } })).json.errcode).toBe(40001);
  });

  it('a tag made and put on followers shows in batchget tagid_list; one who unfollowed meanwhile makes the call 40003', async () => {
    const made = (await post(`/cgi-bin/tags/create?access_token=${token}`, { tag: { name: '门店' } })).json as { tag: { id: number } };
    const id = made.tag.id;
    expect((await post(`${TAGGING}?access_token=${token}`, { openid_list: openids.slice(0, 2), tagid: id })).json).toEqual({ errcode: 0, errmsg: 'ok' });
    const details = (await post(`${USER_BATCHGET}?access_token=${token}`, { user_list: [{ openid: openids[0] }] })).json as {
      user_info_list: { tagid_list: number[] }[];
    };
    expect(details.user_info_list[0]!.tagid_list).toEqual([id]);
    standIn.unfollow([openids[5]!]);
    expect((await post(`${TAGGING}?access_token=${token}`, { openid_list: [openids[4], openids[5]], tagid: id })).json.errcode).toBe(40003);
    expect(standIn.tagBase.membersOf(id)).toEqual(openids.slice(0, 2));
  });

  it('batchtagging counts against its daily quota: 45009 once spent, nobody tagged', async () => {
    const id = standIn.tagBase.add('配额');
    standIn.diagnostics.setDailyLimit(TAGGING, standIn.diagnostics.usedToday(TAGGING) + 1);
    expect((await post(`${TAGGING}?access_token=${token}`, { openid_list: [openids[10]], tagid: id })).json.errcode).toBe(0);
    expect((await post(`${TAGGING}?access_token=${token}`, { openid_list: [openids[11]], tagid: id })).json.errcode).toBe(45009);
    expect(standIn.tagBase.membersOf(id)).toEqual([openids[10]]);
  });
});
