import { afterEach, describe, expect, it } from 'vitest';
import { AppFailure } from '@/utils/messaging/app-error';
import { REPORT_DB_NAME, closeReportDb, loadSnapshot, offerSnapshot, saveRefresh } from '@/utils/storage/report-db';
import { TAGGING_DB_NAME, closeTaggingDb, loadRun } from '@/utils/storage/tagging-db';
import { newReportCursor } from '@/utils/report/follower-report';
import type { FollowerListPage } from '@/utils/wechat/follower-api';
import type { TaggingView } from './run-record';
import { type TaggingClient, createTaggingRunner } from './runner';
import { deleteDatabase } from '@/test/unit/helpers';

const TAG = 120;
const APP_ID = 'wx0123456789abcdef';

interface Follower {
  openid: string;
  scene: string;
  tags: number[];
  subscribed: boolean;
}

/**
 * A small WeChat for the runner: a follower list (pages of `pageSize`), batchget with tagid_list,
 * batchtagging that fails the whole call for a follower who left (40003), and a quota of tag calls.
 */
function fakeWechat(followers: Follower[], pageSize = 10_000) {
  const byId = new Map(followers.map((f) => [f.openid, f]));
  const calls = { list: 0, details: 0, tag: 0, untag: 0 };
  let tagCallsLeft = Infinity;
  const tagged: string[] = [];
  const client: TaggingClient = {
    async followerList(next): Promise<FollowerListPage> {
      calls.list++;
      const from = next === '' ? 0 : followers.findIndex((f) => f.openid === next) + 1;
      const page = followers.slice(from, from + pageSize).map((f) => f.openid);
      return { total: followers.length, count: page.length, data: page.length ? { openid: page } : undefined, next_openid: page.at(-1) ?? '' };
    },
    async followerDetails(openids) {
      calls.details++;
      return openids.map((id) => {
        const f = byId.get(id)!;
        return f.subscribed ? { subscribe: 1, openid: id, qr_scene_str: f.scene, tagid_list: [...f.tags] } : { subscribe: 0, openid: id };
      });
    },
    async batchTag(tagId, openids) {
      if (tagCallsLeft-- <= 0) throw new AppFailure({ code: 'tag_daily_quota', errcode: 45009 });
      calls.tag++;
      if (openids.some((id) => !byId.get(id)!.subscribed)) throw new AppFailure({ code: 'tag_follower_gone', errcode: 40003 });
      for (const id of openids) {
        const f = byId.get(id)!;
        if (!f.tags.includes(tagId)) f.tags.push(tagId);
        tagged.push(id);
      }
    },
    async batchUntag(tagId, openids) {
      calls.untag++;
      for (const id of openids) byId.get(id)!.tags = byId.get(id)!.tags.filter((t) => t !== tagId);
    },
  };
  return {
    client,
    calls,
    tagged,
    membersOf: (tagId: number) => followers.filter((f) => f.tags.includes(tagId)).map((f) => f.openid),
    setTagQuota: (n: number) => (tagCallsLeft = n),
    byId,
  };
}

function followers(count: number, scene: (i: number) => string, tags: (i: number) => number[] = () => []): Follower[] {
  return Array.from({ length: count }, (_, i) => ({ openid: `o${String(i).padStart(5, '0')}`, scene: scene(i), tags: tags(i), subscribed: true }));
}

function runnerOver(client: TaggingClient, published: TaggingView[] = []) {
  return createTaggingRunner({ clientFor: async () => client, publish: async (_appId, view) => void (view && published.push(view)) });
}

const START = {
  accountId: 'a',
  appId: APP_ID,
  rule: { kind: 'scenePrefix' as const, prefix: 'store-' },
  scenes: ['str:store-1', 'str:store-2'],
  tagId: TAG,
  tagName: '门店',
};

afterEach(async () => {
  await Promise.all([closeTaggingDb(), closeReportDb()]);
  await Promise.all([deleteDatabase(TAGGING_DB_NAME), deleteDatabase(REPORT_DB_NAME)]);
});

describe('tagging runner', () => {
  it('scans, waits for Start with the exact preview, tags exactly the group’s followers without the tag, 50 a call', async () => {
    // 230 followers: store-1, store-2, other; every 7th already has the tag, every 11th 20 tags.
    const base = followers(
      230,
      (i) => ['store-1', 'store-2', 'other'][i % 3]!,
      (i) => (i % 7 === 0 ? [TAG] : i % 11 === 0 ? Array.from({ length: 20 }, (_, t) => 200 + t) : []),
    );
    const wechat = fakeWechat(base, 100);
    const runner = runnerOver(wechat.client);
    const started = await runner.start(START);
    await runner.settled(started.id);
    const confirm = await runner.current(APP_ID);
    const inGroup = base.filter((f) => f.scene !== 'other');
    const expected = inGroup.filter((f) => !f.tags.includes(TAG) && f.tags.length < 20).map((f) => f.openid);
    expect(confirm).toMatchObject({ phase: 'confirm', preview: { matching: inGroup.length, exact: true } });
    expect(confirm?.preview.alreadyTagged).toBe(inGroup.filter((f) => f.tags.includes(TAG)).length);
    expect(confirm?.preview.atCap).toBe(inGroup.filter((f) => !f.tags.includes(TAG) && f.tags.length >= 20).length);
    expect(confirm?.preview.toTag).toBe(expected.length);
    expect(confirm?.preview.calls.tagging).toBe(Math.ceil(expected.length / 50));
    expect(wechat.calls.tag).toBe(0);

    await runner.confirm(started.id);
    await runner.settled(started.id);
    expect((await runner.current(APP_ID))?.phase).toBe('done');
    expect(wechat.calls.tag).toBe(Math.ceil(expected.length / 50));
    expect(wechat.tagged.sort()).toEqual([...expected].sort());
  });

  it('45009 mid-run pauses with what was done kept; resume after the reset tags nobody twice', async () => {
    const wechat = fakeWechat(followers(400, () => 'store-1'));
    const runner = runnerOver(wechat.client);
    const { id } = await runner.start(START);
    await runner.settled(id);
    wechat.setTagQuota(3);
    await runner.confirm(id);
    await runner.settled(id);
    const paused = await runner.current(APP_ID);
    expect(paused).toMatchObject({ phase: 'tagging', paused: true, error: { errcode: 45009 }, summary: { changed: 150, callsLeft: 5 } });

    wechat.setTagQuota(Infinity);
    await runner.resume(id);
    await runner.settled(id);
    expect((await runner.current(APP_ID))?.summary).toMatchObject({ changed: 400, callsLeft: 0 });
    expect(wechat.tagged).toHaveLength(400);
    expect(new Set(wechat.tagged).size).toBe(400);
  });

  it('a worker stopped mid-run: a new runner resumes from the saved state and never tags anyone twice', async () => {
    const wechat = fakeWechat(followers(500, () => 'store-2'));
    const first = runnerOver(wechat.client);
    const { id } = await first.start(START);
    await first.settled(id);
    // The first worker's tag calls stop answering after 4 (Chrome stopped it mid-call).
    let answered = 0;
    const stalling: TaggingClient = {
      ...wechat.client,
      batchTag: (tagId, ids) => (answered++ < 4 ? wechat.client.batchTag(tagId, ids) : new Promise<never>(() => {})),
    };
    const stalled = runnerOver(stalling);
    await stalled.confirm(id);
    await expect.poll(async () => (await loadRun(id))?.changed).toBe(200);

    const second = runnerOver(wechat.client);
    await second.resumeUnfinished();
    expect((await second.current(APP_ID))?.phase).toBe('done');
    expect(wechat.tagged).toHaveLength(500);
    expect(new Set(wechat.tagged).size).toBe(500);
  });

  it('a follower who left between the scan and the call is skipped and counted, the others tagged', async () => {
    const base = followers(120, () => 'store-1');
    const wechat = fakeWechat(base);
    const runner = runnerOver(wechat.client);
    const { id } = await runner.start(START);
    await runner.settled(id);
    wechat.byId.get('o00042')!.subscribed = false;
    await runner.confirm(id);
    await runner.settled(id);
    const done = await runner.current(APP_ID);
    expect(done).toMatchObject({ phase: 'done', summary: { changed: 119, skipped: { gone: 1, capped: 0, foreign: 0 } } });
    expect(wechat.membersOf(TAG)).toHaveLength(119);
  });

  it('undo takes the tag off exactly the followers the run added it to, never those who had it before', async () => {
    const base = followers(
      90,
      () => 'store-1',
      (i) => (i < 30 ? [TAG] : []),
    );
    const wechat = fakeWechat(base);
    const runner = runnerOver(wechat.client);
    const { id } = await runner.start(START);
    await runner.settled(id);
    await runner.confirm(id);
    await runner.settled(id);
    expect(wechat.membersOf(TAG)).toHaveLength(90);

    const undo = await runner.undo(id);
    await runner.settled(undo.id);
    expect(await runner.current(APP_ID)).toMatchObject({ op: 'untag', phase: 'done', undoOf: id, summary: { changed: 60 } });
    expect(wechat.membersOf(TAG)).toEqual(base.slice(0, 30).map((f) => f.openid));
    await expect(runner.undo(id)).rejects.toMatchObject({ error: { code: 'tagging_undo_unavailable' } });
  });

  it('one run per account at a time; cancel during the wait for Start keeps no openids and tags nobody', async () => {
    const wechat = fakeWechat(followers(50, () => 'store-1'));
    const runner = runnerOver(wechat.client);
    const { id } = await runner.start(START);
    await runner.settled(id);
    expect((await runner.start({ ...START, tagId: 130 })).id).toBe(id);
    expect((await runner.cancel(id)).phase).toBe('cancelled');
    expect(wechat.calls.tag).toBe(0);
    await expect(runner.confirm(id)).resolves.toMatchObject({ phase: 'cancelled' });
    expect(wechat.calls.tag).toBe(0);
  });

  it('an error reading followers pauses the scan with the reason; resume goes on from the same step', async () => {
    const wechat = fakeWechat(followers(300, () => 'store-1'));
    let failOnce = true;
    const flaky: TaggingClient = {
      ...wechat.client,
      followerDetails: async (ids) => {
        if (wechat.calls.details === 1 && failOnce) {
          failOnce = false;
          throw new AppFailure({ code: 'secret_locked' });
        }
        return wechat.client.followerDetails(ids);
      },
    };
    const runner = runnerOver(flaky);
    const { id } = await runner.start(START);
    await runner.settled(id);
    expect(await runner.current(APP_ID)).toMatchObject({ phase: 'scanning', paused: true, error: { code: 'secret_locked' } });
    await runner.resume(id);
    await runner.settled(id);
    expect(await runner.current(APP_ID)).toMatchObject({ phase: 'confirm', preview: { matching: 300, toTag: 300 } });
  });
});

describe('the report snapshot a finished scan leaves', () => {
  // 250 followers, 3 left after the list was read: store-1, store-2 and other, 10 without a scene.
  const base = () => {
    const list = followers(250, (i) => (i < 10 ? '' : ['store-1', 'store-2', 'other'][i % 3]!));
    for (const i of [20, 21, 22]) list[i]!.subscribed = false;
    return list;
  };
  const counted = (list: Follower[], scene: string) => list.filter((f) => f.subscribed && f.scene === scene).length;

  it('is the whole report: every scene counted (not only the group’s), the others, those who left, the calls made', async () => {
    const list = base();
    const wechat = fakeWechat(list, 100);
    const runner = runnerOver(wechat.client);
    const { id } = await runner.start(START);
    await runner.settled(id);

    expect(await runner.current(APP_ID)).toMatchObject({ phase: 'confirm', reportStored: true });
    const snapshot = await loadSnapshot(APP_ID);
    expect(snapshot).toMatchObject({ appId: APP_ID, total: 250, unfollowed: 3, otherSources: 10 });
    // Exactly the reading calls WeChat saw (three pages of 100 and the empty last one; 250 details in 3).
    expect(snapshot!.calls).toEqual({ list: wechat.calls.list, details: wechat.calls.details });
    expect(wechat.calls).toMatchObject({ list: 4, details: 3 });
    for (const scene of ['store-1', 'store-2', 'other']) expect(snapshot!.counts[`str:${scene}`]?.followers).toBe(counted(list, scene));
    expect((await loadRun(id))?.reportStored).toBe(true);
  });

  it('never over a refresh the operator has unfinished, nor over a newer snapshot', async () => {
    const unfinished = { appId: APP_ID, status: 'confirm' as const, cursor: newReportCursor(1), startedAt: 1, activeMs: 0, calls: { list: 1, details: 0 } };
    await saveRefresh(unfinished, true);
    const first = runnerOver(fakeWechat(base(), 100).client);
    const one = await first.start(START);
    await first.settled(one.id);
    expect((await first.current(APP_ID))?.reportStored).toBeUndefined();
    expect(await loadSnapshot(APP_ID)).toBeUndefined();
    await first.cancel(one.id);

    await closeReportDb();
    await deleteDatabase(REPORT_DB_NAME);
    const newer = {
      appId: APP_ID,
      takenAt: Date.now() + 60_000,
      finishedAt: Date.now() + 60_000,
      activeMs: 1,
      calls: { list: 1, details: 1 },
      total: 7,
      counts: {},
      otherSources: 7,
      unfollowed: 0,
    };
    expect(await offerSnapshot(newer)).toBe(true);
    const second = runnerOver(fakeWechat(base(), 100).client);
    const two = await second.start(START);
    await second.settled(two.id);
    expect((await second.current(APP_ID))?.reportStored).toBeUndefined();
    expect(await loadSnapshot(APP_ID)).toEqual(newer);
  });
});
