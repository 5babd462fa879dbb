// @vitest-environment node
/**
 * Issue #16's pieces together, against the strict stand-in over HTTPS: the account client's tag and
 * follower calls, the channel-group rule, the follower scan, the preview, the tagging run (paused by
 * 45009 and resumed), followers who leave or reach 20 tags between the scan and the run, and the
 * undo. The loops below are the ones a background runner makes (utils/tagging/tag-run.ts).
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '@/utils/messaging/app-error';
import { type AccountClient, createWechatClient } from '@/utils/wechat/client';
import { TokenCache } from '@/utils/wechat/token-cache';
import { fetchStableToken } from '@/utils/wechat/token-endpoints';
import { resolveRule } from '@/utils/tagging/channel-group';
import { type TagScan, applyScanBatch, applyScanListPage, newTagScan, nextScanBatch, scanDone } from '@/utils/tagging/follower-scan';
import { scanPreview } from '@/utils/tagging/preview';
import { ACCEPTED, type TagRunPlan, type TagRunState, applyOutcome, newRunState, nextCall, planRun, planUndo, resumeRun } from '@/utils/tagging/tag-run';
import { generateFollowers } from '../stand-ins/follower-base';
import { BATCH_TAGGING } from '../stand-ins/tag-base';
import { TEST_APP_ID, TEST_APP_SECRET, WechatStandIn } from '../stand-ins/wechat-stand-in';
import { code } from './records';

let standIn: WechatStandIn;
let client: AccountClient;

/** fetch over node:https that accepts the stand-in's self-signed certificate. */
async function standInFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string>,
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: res.headers as Record<string, string> })));
      },
    );
    req.on('error', reject);
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
}

beforeAll(async () => {
  standIn = await new WechatStandIn().start();
  globalThis.fetch = standInFetch as typeof fetch;
  const apiBase = `https://127.0.0.1:${standIn.port}`;
  const wechat = createWechatClient({ tokenCache: new TokenCache(), sleep: async () => {} });
  client = wechat.for({ appId: TEST_APP_ID, apiBase, fetchToken: () => fetchStableToken({ appId: TEST_APP_ID, appSecret: TEST_APP_SECRET }, apiBase) });
});

afterAll(() => standIn?.stop());

async function scanFollowers(scan: TagScan): Promise<TagScan> {
  while (!scanDone(scan)) {
    if (scan.cursor.phase === 'list') scan = applyScanListPage(scan, await client.followerList(scan.cursor.nextOpenid));
    else scan = applyScanBatch(scan, await client.followerDetails(nextScanBatch(scan)), scan.cursor.detailOffset);
  }
  return scan;
}

/** The runner's loop: one call at a time, the state "saved" (a JSON round trip) after every one. */
async function run(plan: TagRunPlan, state: TagRunState): Promise<TagRunState> {
  const send = plan.op === 'tag' ? client.batchTag : client.batchUntag;
  for (let call = nextCall(plan, state); call; call = nextCall(plan, state)) {
    const outcome = await send(plan.tagId, call.openids).then(
      () => ACCEPTED,
      (thrown: unknown) => ({ error: toAppError(thrown) }),
    );
    state = JSON.parse(JSON.stringify(applyOutcome(plan, state, call, outcome))) as TagRunState;
  }
  return state;
}

describe('tagging the followers of a channel group, against the stand-in', () => {
  it('scans, previews exactly, tags (paused by 45009, resumed), skips who left or reached 20 tags, and undoes only its own additions', async () => {
    standIn.setFollowers(
      generateFollowers({
        count: 1_200,
        seed: 16,
        scenes: { sceneStr: ['store-1', 'store-2', 'poster'], sceneId: [42] },
        unfollowedShare: 0.05,
        noSceneShare: 0.2,
        now: Date.now(),
      }),
      { pageSize: 500 },
    );
    const codes = [
      code('s1', { scene: 'store-1' }),
      code('s2', { scene: 'store-2' }),
      code('p', { scene: 'poster' }),
      code('n', { actionName: 'QR_LIMIT_SCENE', scene: '42' }),
    ];
    const scenes = resolveRule({ kind: 'scenePrefix', prefix: 'store-' }, codes);
    const tag = await client.createTag('门店渠道');
    expect((await client.tags()).map((t) => t.name)).toEqual(['星标组', '门店渠道']);

    const store = standIn.followers.followers.filter((f) => f.subscribe === 1 && f.qr_scene_str?.startsWith('store-')).map((f) => f.openid);
    // Some carry the tag already (tagged by hand in 公众平台), one has 20 other tags.
    const hadItBefore = store.slice(0, 7);
    for (const openid of hadItBefore) standIn.tagBase.putTags(openid, [tag.id]);
    const others = Array.from({ length: 20 }, (_, i) => standIn.tagBase.add(`其他${i}`));
    standIn.tagBase.putTags(store[10]!, others);

    const scan = await scanFollowers(newTagScan(tag.id, scenes, Date.now()));
    const preview = scanPreview(scan);
    expect(preview).toMatchObject({ matching: store.length, alreadyTagged: 7, atCap: 1, toTag: store.length - 8, exact: true });
    expect(preview.calls.tagging).toBe(Math.ceil((store.length - 8) / 50));

    // Between the scan and the run: two followers leave, one more reaches 20 tags.
    const [leftA, leftB, capped] = [scan.toTag[3]!, scan.toTag[120]!, scan.toTag[200]!];
    standIn.unfollow([leftA, leftB]);
    standIn.tagBase.putTags(capped, others);

    const plan = planRun('tag', tag.id, scan.toTag);
    standIn.diagnostics.setDailyLimit(BATCH_TAGGING, standIn.diagnostics.usedToday(BATCH_TAGGING) + 2);
    let state = await run(plan, newRunState(plan));
    expect(state).toMatchObject({ status: 'paused', error: { code: 'tag_daily_quota', errcode: 45009 } });
    standIn.diagnostics.setDailyLimit(BATCH_TAGGING, 100_000);
    state = await run(plan, resumeRun(state));

    expect(state.status).toBe('done');
    expect(state.skipped).toEqual({ gone: [leftA, leftB], capped: [capped], foreign: [] });
    const added = scan.toTag.filter((id) => ![leftA, leftB, capped].includes(id));
    expect(standIn.tagBase.membersOf(tag.id).sort()).toEqual([...hadItBefore, ...added].sort());

    const undo = planUndo(plan, state);
    expect((await run(undo, newRunState(undo))).status).toBe('done');
    expect(standIn.tagBase.membersOf(tag.id).sort()).toEqual([...hadItBefore].sort());
  });
});
