import { describe, expect, it } from 'vitest';
import { type TagScan, applyScanBatch, applyScanListPage, newTagScan, nextScanBatch, scanDone, tagIdsOf } from './follower-scan';
import { estimatePreview, scanPreview } from './preview';

const TAG = 134;
const SCENES = ['str:store-1', 'id:42'];
const tags = (n: number, withOurs = false) => [...Array.from({ length: n - (withOurs ? 1 : 0) }, (_, i) => 200 + i), ...(withOurs ? [TAG] : [])];

interface Follower {
  subscribe: number;
  openid: string;
  subscribe_time?: number;
  qr_scene?: number;
  qr_scene_str?: string;
  tagid_list?: number[];
}

/** 260 followers: by index, which scene they came by and which tags they carry. */
function follower(i: number): Follower {
  const openid = `o${String(i).padStart(4, '0')}`;
  if (i % 13 === 0) return { subscribe: 0, openid };
  const scene =
    i % 4 === 0 ? { qr_scene: 0, qr_scene_str: 'store-1' } : i % 4 === 1 ? { qr_scene: 42, qr_scene_str: '' } : { qr_scene: 0, qr_scene_str: 'other' };
  const tagid_list = i % 10 === 3 ? tags(3, true) : i % 10 === 5 ? tags(20) : i % 10 === 7 ? tags(19) : [];
  return { subscribe: 1, openid, subscribe_time: 1_700_000_000, ...scene, tagid_list };
}
const FOLLOWERS = Array.from({ length: 260 }, (_, i) => follower(i));
const byOpenid = new Map(FOLLOWERS.map((f) => [f.openid, f]));

/** What the scan must find, counted the plain way. */
function expected() {
  const matched = FOLLOWERS.filter((f) => f.subscribe === 1 && (f.qr_scene_str === 'store-1' || f.qr_scene === 42));
  const tagged = matched.filter((f) => f.tagid_list!.includes(TAG));
  const capped = matched.filter((f) => !f.tagid_list!.includes(TAG) && f.tagid_list!.length >= 20);
  const toTag = matched.filter((f) => !tagged.includes(f) && !capped.includes(f)).map((f) => f.openid);
  return { matched: matched.length, alreadyTagged: tagged.length, atCap: capped.length, toTag };
}

/** The scan of every follower (one list page, then batchget 100 at a time); JSON round trip after each step, as a runner saves. */
function scanAll(step: (scan: TagScan, users: unknown[], offset: number) => TagScan = applyScanBatch): TagScan {
  let scan = applyScanListPage(newTagScan(TAG, SCENES, 1_700_000_000_000), {
    total: 260,
    count: 260,
    data: { openid: FOLLOWERS.map((f) => f.openid) },
    next_openid: '',
  });
  while (!scanDone(scan)) {
    const offset = scan.cursor.detailOffset;
    scan = JSON.parse(
      JSON.stringify(
        step(
          scan,
          nextScanBatch(scan).map((id) => byOpenid.get(id)!),
          offset,
        ),
      ),
    ) as TagScan;
  }
  return scan;
}

describe('the follower scan', () => {
  it('sorts matched followers into already tagged, at the cap (20 tags) and to tag; unfollowed and other scenes are not matched', () => {
    const want = expected();
    const scan = scanAll();
    expect({ matched: scan.matched, alreadyTagged: scan.alreadyTagged, atCap: scan.atCap, toTag: scan.toTag }).toEqual(want);
    expect(want.alreadyTagged).toBeGreaterThan(0);
    expect(want.atCap).toBeGreaterThan(0);
    // 19 tags is still room for one more.
    expect(want.toTag).toContain(FOLLOWERS.find((f) => f.subscribe === 1 && f.tagid_list!.length === 19 && f.qr_scene === 42)!.openid);
  });

  it('a batch applied twice (a worker that died before saving the next step) counts once', () => {
    const twice = scanAll((scan, users, offset) => applyScanBatch(applyScanBatch(scan, users, offset), users, offset));
    expect(twice.toTag).toEqual(expected().toTag);
    expect(twice.matched).toBe(expected().matched);
  });

  it('only openids of the batch count, each once, even if WeChat answers others or repeats one', () => {
    const scan = scanAll((s, users, offset) => applyScanBatch(s, [...users, ...users, follower(1), { ...follower(9999), qr_scene: 42 }], offset));
    expect(scan.toTag).toEqual(expected().toTag);
  });

  it('its cursor is a complete report as well', () => {
    const scan = scanAll();
    expect(scan.cursor.counts['str:store-1']!.followers + scan.cursor.counts['id:42']!.followers).toBe(expected().matched);
    expect(scan.cursor.unfollowed).toBe(FOLLOWERS.filter((f) => f.subscribe === 0).length);
  });

  it('reads tagid_list leniently: numbers and digit strings, nothing else', () => {
    expect(tagIdsOf({ tagid_list: [2, '134', 'x', -1, 1.5] })).toEqual([2, 134]);
    expect(tagIdsOf({})).toEqual([]);
  });
});

describe('the preview', () => {
  it('estimate from the report: followers of the scenes, tags unknown, every reading call plus ⌈matching ÷ 50⌉', () => {
    const counts = {
      'str:store-1': { followers: 70, last7Days: 0, last30Days: 0 },
      'id:42': { followers: 31, last7Days: 0, last30Days: 0 },
      'id:9': { followers: 5, last7Days: 0, last30Days: 0 },
    };
    const preview = estimatePreview(counts, new Set([...SCENES, 'str:no-followers']), 25_001);
    expect(preview).toEqual({
      matching: 101,
      alreadyTagged: null,
      atCap: null,
      toTag: 101,
      // 3 pages of 10,000 and WeChat's closing empty one; 251 batchget; ⌈101 ÷ 50⌉ = 3.
      calls: { list: 4, batchget: 251, tagging: 3, total: 258 },
      exact: false,
    });
  });

  it('after the scan: exact counts, and the calls are only the tagging ones, ⌈to tag ÷ 50⌉', () => {
    const want = expected();
    const preview = scanPreview(scanAll());
    expect(preview).toEqual({
      matching: want.matched,
      alreadyTagged: want.alreadyTagged,
      atCap: want.atCap,
      toTag: want.toTag.length,
      calls: { list: 0, batchget: 0, tagging: Math.ceil(want.toTag.length / 50), total: Math.ceil(want.toTag.length / 50) },
      exact: true,
    });
  });

  it('during the scan: the counts so far and the batchget calls left', () => {
    let scan = applyScanListPage(newTagScan(TAG, SCENES, 0), { total: 260, count: 260, data: { openid: FOLLOWERS.map((f) => f.openid) }, next_openid: '' });
    scan = applyScanBatch(
      scan,
      nextScanBatch(scan).map((id) => byOpenid.get(id)!),
    );
    const preview = scanPreview(scan);
    expect(preview.exact).toBe(false);
    expect(preview.calls.batchget).toBe(2);
    expect(preview.calls.list).toBe(0);
  });

  it('exactly 50 to tag is one call, 51 two', () => {
    const scanOf = (n: number): TagScan => ({ ...newTagScan(TAG, SCENES, 0), toTag: Array.from({ length: n }, (_, i) => `o${i}`) });
    expect(scanPreview({ ...scanOf(50), cursor: { ...scanOf(50).cursor, phase: 'done' } }).calls.tagging).toBe(1);
    expect(scanPreview({ ...scanOf(51), cursor: { ...scanOf(51).cursor, phase: 'done' } }).calls.tagging).toBe(2);
  });
});
