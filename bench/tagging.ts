/**
 * Tagging bench (issue #16): 200,000 generated followers, 60,000 of them current followers who came
 * by the `store-*` codes, tagged from the report page end to end in Debian's Chromium against the
 * local WeChat stand-in: the rule "scene starts with store-" onto a tag none of them carries, 读取粉丝
 * → the exact preview → 开始 → done.
 *
 * - API calls, counted at the stand-in per path, against the least the job can take: the list pages
 *   (10,000 a page, and WeChat's closing empty page), ⌈followers ÷ 100⌉ batchget calls and
 *   ⌈to tag ÷ 50⌉ batchtagging calls. More than that fails the bench.
 * - Extension time per 1,000 followers (target ≤ 20 ms): the CPU time (/proc) of the extension's
 *   renderer process (the worker and the report page) over the scan and the tagging, beyond a control:
 *   the same list, batchget and batchtagging calls, one at a time as the runner makes them, by a bare
 *   fetch loop in a fresh browser's worker (bench/bare-control.ts). Wall times of both are reported.
 * - Peak memory (target ≤ 200 MB): the extension process's memory footprint (RssAnon + VmSwap),
 *   sampled every 0.5 s (process-stats.ts footprintSampler); the worker's JS heap sampled too.
 * - Correctness: the preview's counts, and the stand-in's members of the tag afterwards, exactly the
 *   60,000 expected openids.
 *
 * Run alone with `npm run build && node --import tsx bench/run.ts tagging` (= `npm run bench -- tagging`).
 */
import './worker-as-users-run-it';
import { saveAndPrint } from './results-file';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { OptionsPage } from '../test/e2e/page-objects/options';
import { PopupPage } from '../test/e2e/page-objects/popup';
import { ReportPage } from '../test/e2e/page-objects/report';
import { type GeneratedFollower, USER_BATCHGET, USER_GET, generateFollowers, seededRandom } from '../test/stand-ins/follower-base';
import { BATCH_TAGGING } from '../test/stand-ins/tag-base';
import { WechatStandIn } from '../test/stand-ins/wechat-stand-in';
import { type BareControl, bareWorkerControl, extensionCpuSince } from './bare-control';
import { CannotMeasure, cpuMs, extensionProcessMemory, footprintSampler } from './process-stats';
import { workerHeapProbe } from './report';
import { type Row, mb, ms, sec } from './table';

const ROOT = resolve(import.meta.dirname, '..');
export const TAGGING_RESULTS_FILE = join(ROOT, 'bench/results/tagging.json');
const FOLLOWERS = 200_000;
const TO_TAG = 60_000;
const STORES = Array.from({ length: 5 }, (_, i) => `store-${i + 1}`);
const TAG_NAME = '门店粉丝';
const TARGET = { extensionMsPer1000: 20, peakBytes: 200 * 1024 * 1024 };
const PHASE_TIMEOUT = 15 * 60_000;
const PAGE_SIZE = 10_000;

type Subscribed = Extract<GeneratedFollower, { subscribe: 1 }>;

/**
 * 200,000 followers (30 poster scenes, 35 % other sources, 3 % unfollowed), then exactly 60,000 of
 * the current ones, drawn evenly over the list (selection sampling), made followers of a store code.
 */
export function taggingFollowers(): { followers: GeneratedFollower[]; expected: string[] } {
  const followers = generateFollowers({
    count: FOLLOWERS,
    seed: 160_000,
    scenes: { sceneStr: Array.from({ length: 30 }, (_, i) => `poster-${i + 1}`), sceneId: [1000, 1001, 1002] },
    unfollowedShare: 0.03,
    noSceneShare: 0.35,
    now: Date.now(),
  });
  const random = seededRandom(16);
  const subscribed = followers.filter((f): f is Subscribed => f.subscribe === 1);
  const expected: string[] = [];
  let left = subscribed.length;
  for (const follower of subscribed) {
    if (random() * left-- < TO_TAG - expected.length) {
      Object.assign(follower, { subscribe_scene: 'ADD_SCENE_QR_CODE', qr_scene: 0, qr_scene_str: STORES[Math.floor(random() * STORES.length)]! });
      expected.push(follower.openid);
    }
  }
  if (expected.length !== TO_TAG) throw new Error(`tagging bench: ${expected.length} followers drawn, not ${TO_TAG}`);
  return { followers, expected };
}

/** The least calls: every list page, WeChat's closing empty one, then batchget 100 and batchtagging 50 a call. */
const MINIMUM = {
  [USER_GET]: Math.ceil(FOLLOWERS / PAGE_SIZE) + 1,
  [USER_BATCHGET]: Math.ceil(FOLLOWERS / 100),
  [BATCH_TAGGING]: Math.ceil(TO_TAG / 50),
};

/** Requests the stand-in received since its log was cleared, by path. */
function callsByPath(standIn: WechatStandIn): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const request of standIn.received) calls[request.path] = (calls[request.path] ?? 0) + 1;
  return calls;
}

/**
 * The control: in a fresh browser's worker, a bare loop reads the list pages, then batchgets every
 * openid 100 a call, then tags the expected followers 50 a call, one call at a time as the runner does.
 */
async function bareTaggingControl(
  followers: GeneratedFollower[],
  expected: string[],
): Promise<BareControl & { calls: Record<string, number>; errors: number }> {
  const standIn = await new WechatStandIn().start();
  standIn.setFollowers(structuredClone(followers));
  const tagId = standIn.tagBase.add(TAG_NAME);
  try {
    const control = await bareWorkerControl(standIn, (token) => {
      standIn.clearLog(); // the token call made, only the control's own calls counted

      return `(async () => {
        const base = 'https://api.weixin.qq.com/cgi-bin/';
        const token = ${JSON.stringify(token)};
        const toTag = ${JSON.stringify(expected)};
        let errors = 0;
        const call = async (path, body) => {
          const response = await fetch(base + path + (path.includes('?') ? '&' : '?') + 'access_token=' + token, body === undefined
            ? { signal: AbortSignal.timeout(15000) }
            : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(15000) });
          const answer = await response.json();
          if (answer.errcode) errors++;
          return answer;
        };
        const openids = [];
        for (let next = '';;) {
          const page = await call('user/get?next_openid=' + next);
          if (!page.count) break;
          for (const openid of page.data.openid) openids.push(openid);
          next = page.next_openid;
          if (!next) break;
        }
        for (let at = 0; at < openids.length; at += 100) await call('user/info/batchget', { user_list: openids.slice(at, at + 100).map((openid) => ({ openid, lang: 'zh_CN' })) });
        for (let at = 0; at < toTag.length; at += 50) await call('tags/members/batchtagging', { openid_list: toTag.slice(at, at + 50), tagid: ${tagId} });
        return errors;
      })()`;
    });
    let errors = Number(control.value);
    const calls = callsByPath(standIn);
    const members = new Set(standIn.tagBase.membersOf(tagId));
    if (members.size !== expected.length || !expected.every((openid) => members.has(openid))) errors++;
    return { ...control, calls, errors };
  } finally {
    await standIn.stop();
  }
}

const count = async (page: Page, name: string) => Number((await page.locator(`.tagging-run [data-count=${name}]`).innerText()).replace(/[^\d]/g, ''));

/** Waits for the run to reach `phase`; a pause (an error) on the way fails at once with its alert. */
async function reach(page: Page, phase: 'confirm' | 'done'): Promise<void> {
  const run = page.locator(`.tagging-run[data-phase=${phase}], .tagging-run[data-paused=true]`);
  await run.waitFor({ timeout: PHASE_TIMEOUT });
  if ((await run.getAttribute('data-paused')) === 'true') {
    throw new Error(`tagging bench: the run paused: ${await page.locator('.tagging-run').innerText()}`);
  }
}

const cpuSnapshot = (browser: ExtensionBrowser) => {
  const processes = extensionProcessMemory(browser.userDataDir);
  if (processes.length === 0) throw new CannotMeasure(`no extension process of the browser with profile ${browser.userDataDir} in /proc`);
  return new Map(processes.map((p) => [p.pid, cpuMs(p.pid)]));
};

export async function benchTagging(): Promise<{ rows: Row[]; notes: string[]; result: Record<string, unknown>; problems: string[] }> {
  const { followers, expected } = taggingFollowers();
  const control = await bareTaggingControl(followers, expected);
  if (control.errors > 0) throw new Error(`tagging bench: the control's calls were refused ${control.errors} time(s), or its tag is not the expected set`);

  const standIn = await new WechatStandIn().start();
  standIn.setFollowers(followers);
  const tagId = standIn.tagBase.add(TAG_NAME);
  const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port });
  try {
    const options = await OptionsPage.open(browser);
    await options.saveCredentials();
    await options.close();
    const popup = await PopupPage.open(browser);
    for (const scene of STORES) await popup.createCode({ actionName: 'QR_LIMIT_STR_SCENE', scene, label: `门店 ${scene}` });
    await popup.close();

    const { page } = await ReportPage.open(browser);
    await page.locator('.tagging select[name=tagId]').waitFor();
    await page.locator('input[name=tagPrefix]').fill('store-');
    await page
      .getByTestId('tagging-estimate')
      .filter({ hasText: `匹配 ${STORES.length} 个码` })
      .waitFor();
    await page.locator('select[name=tagId]').selectOption(String(tagId));

    const cdp = await browser.context.newCDPSession(page);
    const workerHeap = await workerHeapProbe(cdp);
    const footprintBefore = Math.max(0, ...extensionProcessMemory(browser.userDataDir).map((m) => m.footprintBytes));
    const footprint = footprintSampler(browser.userDataDir);
    let workerHeapPeak = 0;
    let sampling = true;
    const heapSampler = (async () => {
      while (sampling) {
        workerHeapPeak = Math.max(workerHeapPeak, (await workerHeap())?.usedBytes ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const loadBefore = loadavg()[0]!;
    standIn.clearLog();
    standIn.busyMs = 0;
    standIn.maxInFlight = 0;

    let cpuBefore = cpuSnapshot(browser);
    let started = performance.now();
    await page.locator('.tagging-setup button[type=submit]').click();
    await reach(page, 'confirm');
    const scanMs = performance.now() - started;
    const scanCpuMs = extensionCpuSince(browser, cpuBefore);
    const scanWechatMs = standIn.busyMs;
    const preview = {
      matching: await count(page, 'matching'),
      already: await count(page, 'already'),
      cap: await count(page, 'cap'),
      toTag: await count(page, 'toTag'),
    };
    const callsAtConfirm = callsByPath(standIn);

    cpuBefore = cpuSnapshot(browser);
    standIn.busyMs = 0;
    started = performance.now();
    await page.locator('button[name=confirmTagging]').click();
    await reach(page, 'done');
    const tagMs = performance.now() - started;
    const tagCpuMs = extensionCpuSince(browser, cpuBefore);
    const tagWechatMs = standIn.busyMs;
    sampling = false;
    await heapSampler;
    const footprintPeak = Math.max(footprintBefore, await footprint.stop());
    const loadAfter = loadavg()[0]!;
    const calls = callsByPath(standIn);

    if (footprintPeak <= 0) throw new CannotMeasure('no memory footprint (RssAnon + VmSwap) read from /proc/PID/status for the extension process');
    const members = new Set(standIn.tagBase.membersOf(tagId));
    const membersRight = members.size === expected.length && expected.every((openid) => members.has(openid));
    const previewRight = preview.matching === TO_TAG && preview.already === 0 && preview.cap === 0 && preview.toTag === TO_TAG;

    const extensionCpuMs = scanCpuMs + tagCpuMs;
    const per1000 = (value: number) => value / (FOLLOWERS / 1000);
    const cpuBeyondControl = per1000(extensionCpuMs - control.cpuMs);
    const timePass = cpuBeyondControl <= TARGET.extensionMsPer1000;
    const memoryPass = footprintPeak <= TARGET.peakBytes;
    const callRows: Row[] = Object.entries(MINIMUM).map(([path, least]) => ({
      metric: `\`${path.replace('/cgi-bin/', '')}\` calls (control: ${(control.calls[path] ?? 0).toLocaleString('en')})`,
      median: (calls[path] ?? 0).toLocaleString('en'),
      target: `= ${least.toLocaleString('en')} (least)`,
      pass: (calls[path] ?? 0) <= least,
    }));
    const problems = [
      ...Object.entries(MINIMUM)
        .filter(([path, least]) => (calls[path] ?? 0) !== least)
        .map(([path, least]) => `${path}: ${calls[path] ?? 0} calls, the least is ${least}`),
      ...(previewRight ? [] : [`the preview said ${JSON.stringify(preview)}, expected ${TO_TAG} matching and to tag, none already or at the cap`]),
      ...(membersRight ? [] : [`the tag's members at the stand-in are ${members.size} followers, not exactly the ${TO_TAG} expected`]),
    ];
    const rows: Row[] = [
      {
        metric: `read ${FOLLOWERS.toLocaleString('en')} followers: 读取粉丝 → exact preview`,
        median: sec(scanMs),
        target: '',
        pass: undefined,
      },
      { metric: `tag ${TO_TAG.toLocaleString('en')}: 开始 → done`, median: sec(tagMs), target: '', pass: undefined },
      { metric: '… of which the stand-in had a request open (WeChat time), read + tag', median: sec(scanWechatMs + tagWechatMs), target: '', pass: undefined },
      { metric: 'control: the same calls by a bare fetch loop in a fresh worker, wall time', median: sec(control.totalMs), target: '', pass: undefined },
      { metric: '… of which the stand-in had a request open', median: sec(control.wechatMs), target: '', pass: undefined },
      ...callRows,
      {
        metric: 'CPU time of the extension process (service worker + report page) per 1,000 followers, read + tag',
        median: ms(per1000(extensionCpuMs)),
        target: '',
        pass: undefined,
      },
      { metric: '… read / tag', median: `${ms(per1000(scanCpuMs))} / ${ms(per1000(tagCpuMs))}`, target: '', pass: undefined },
      { metric: 'control: CPU time of the bare fetch loop’s process per 1,000 followers', median: ms(per1000(control.cpuMs)), target: '', pass: undefined },
      {
        metric: '**extension time per 1,000 followers**: CPU time beyond the control',
        median: ms(cpuBeyondControl),
        target: `≤ ${ms(TARGET.extensionMsPer1000)}`,
        pass: timePass,
      },
      {
        metric: '**peak memory**: footprint of the extension process (worker + report page; RssAnon + VmSwap), highest sample',
        median: mb(footprintPeak),
        target: `≤ ${mb(TARGET.peakBytes)}`,
        pass: memoryPass,
      },
      { metric: '… before 读取粉丝', median: mb(footprintBefore), target: '', pass: undefined },
      {
        metric: 'control (bare fetch loop, fresh browser): footprint before → highest',
        median: `${mb(control.footprintBeforeBytes)} → ${mb(control.footprintPeakBytes)}`,
        target: '',
        pass: undefined,
      },
      { metric: 'service worker JS heap used, highest sample', median: mb(workerHeapPeak), target: '', pass: undefined },
    ];
    const others = Object.entries(calls).filter(([path]) => !(path in MINIMUM));
    const notes = [
      `Tagging bench: ${FOLLOWERS.toLocaleString('en')} followers, ${TO_TAG.toLocaleString('en')} current ones by ${STORES.length} store codes (none had the tag), the rest by 33 poster scenes, other sources (35 %) or unfollowed (3 %); one run.`,
      `Preview: ${preview.matching} matching, ${preview.already} already tagged, ${preview.cap} at 20 tags, ${preview.toTag} to tag (${previewRight ? 'as expected' : 'NOT as expected'}).`,
      `Calls at the stand-in during the run: ${JSON.stringify(calls)} (at the preview: ${JSON.stringify(callsAtConfirm)}); other paths: ${others.length === 0 ? 'none' : others.map(([path, n]) => `${path} ${n}`).join(', ')}.`,
      `Tag members at the stand-in afterwards are exactly the ${TO_TAG.toLocaleString('en')} expected: ${membersRight}.`,
      `Requests open at once at the stand-in, at most: ${standIn.maxInFlight}. Load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}, ${availableParallelism()} cores.`,
    ];
    const result = {
      date: new Date().toISOString(),
      chromium: browser.context.browser()?.version() ?? 'unknown',
      followers: FOLLOWERS,
      toTag: TO_TAG,
      scanMs,
      tagMs,
      scanWechatMs,
      tagWechatMs,
      scanCpuMs,
      tagCpuMs,
      extensionCpuMsPer1000: per1000(extensionCpuMs),
      cpuBeyondControlMsPer1000: cpuBeyondControl,
      calls,
      callsAtConfirm,
      minimumCalls: MINIMUM,
      preview,
      membersRight,
      footprintBeforeBytes: footprintBefore,
      footprintPeakBytes: footprintPeak,
      workerHeapPeakBytes: workerHeapPeak,
      maxInFlight: standIn.maxInFlight,
      loadAverage: { before: loadBefore, after: loadAfter },
      cores: availableParallelism(),
      control: { ...control, cpuMsPer1000: per1000(control.cpuMs) },
      pass: { calls: problems.length === 0, extensionTime: timePass, peakMemory: memoryPass },
    };
    return { rows, notes, result, problems };
  } finally {
    await browser.close();
    await standIn.stop();
  }
}

/** Writes bench/results/tagging.json, prints the notes and the table; fails if a call was more than the least or the tag is wrong. */
export async function runTaggingBench(command: string): Promise<void> {
  const bench = await benchTagging();
  saveAndPrint(TAGGING_RESULTS_FILE, command, bench);
  if (bench.problems.length > 0) throw new Error(`tagging bench:\n  ${bench.problems.join('\n  ')}`);
}
