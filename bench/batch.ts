/**
 * Batch bench: 1,000 codes created by the built extension in Debian's Chromium against the local
 * WeChat stand-in (which answers at once, so what is left is the extension's own time and its
 * deliberate pacing of BATCH_REQUESTS_PER_SECOND), then the print ZIP of those 1,000 codes.
 *
 * - Total time: click "开始生成" → the page shows the batch done.
 * - Extension time per code: the service worker thread's CPU time through the run, read from
 *   /proc (its thread's user + system time), divided by the codes created. The issue's target is
 *   "≤ 5 ms beyond waiting on the network": a control (a bare fetch loop making the same calls,
 *   equally paced, in a fresh browser's worker) gives the worker's time for the fetches
 *   themselves, and the target is checked on our time minus the control's. CPU time, not the
 *   tasks' wall time, which also counts waiting for a core on a loaded machine. The busy time of
 *   the worker's and the batch page's top-level tasks in a Chrome trace is reported beside it.
 *   (The trace's thread times, once the headline, are missing on some tasks on some machines:
 *   one missing made the sum NaN. /proc has them all; where it cannot be read the bench says why
 *   and exits non-zero.)
 * - ZIP of 1,000 PNGs at 1280 px, with and without the caption: click → download saved.
 * - Memory: the memory footprint (private memory, as Chrome's task manager shows it) of the
 *   extension's process — the service worker and the batch page — sampled every 0.5 s through the
 *   run and the ZIPs (its peak); and the batch page's JS heap, sampled every 100 ms during the ZIPs.
 *
 * Run alone with `npm run build && node --import tsx bench/batch.ts`, or as part of `npm run bench`.
 */
import './worker-as-users-run-it';
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { OptionsPage } from '../test/e2e/page-objects/options';
import { WechatStandIn } from '../test/stand-ins/wechat-stand-in';
import { bareWorkerToken } from './bare-token';
import { DEFAULT_BATCH_CONCURRENCY } from '../utils/batch/job';
import { BATCH_REQUESTS_PER_SECOND } from '../utils/batch/runner';
import { CannotMeasure, footprintSampler, workerCpuMeter } from './process-stats';
import { type Row, markdownTable, mb, ms, sec } from './table';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS_FILE = join(ROOT, 'bench/results/batch.json');
const CODES = 1000;
const PER_CODE_TARGET_MS = 5;
const ZIP_TARGET_MS = 15_000;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs: unlike `dur`, not stretched while the thread waits for a core. */
  tdur?: number;
  cat?: string;
  args?: { name?: string };
}

async function readTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolveStream) => cdp.once('Tracing.tracingComplete', ({ stream }) => resolveStream(stream!)));
  await cdp.send('Tracing.end');
  const handle = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  const parsed = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/**
 * Milliseconds of top-level tasks on every thread whose name matches: wall (`ms`), and the thread
 * time (`cpuMs`) of the tasks that carry one, with how many did not (`withoutThreadTime`).
 */
function busyMs(events: readonly TraceEvent[], thread: RegExp): { ms: number; cpuMs: number; tasks: number; withoutThreadTime: number; threads: string[] } {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const wanted = new Set([...names].filter(([, name]) => thread.test(name)).map(([key]) => key));
  let micros = 0;
  let cpuMicros = 0;
  let tasks = 0;
  let withoutThreadTime = 0;
  for (const e of events) {
    if (e.ph === 'X' && e.cat?.includes('toplevel') && e.dur && wanted.has(`${e.pid}:${e.tid}`)) {
      tasks++;
      micros += e.dur;
      if (e.tdur === undefined) withoutThreadTime++;
      else cpuMicros += e.tdur;
    }
  }
  return { ms: micros / 1000, cpuMs: cpuMicros / 1000, tasks, withoutThreadTime, threads: [...wanted].map((key) => names.get(key)!) };
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

async function timedZip(page: Page, cdp: CDPSession, caption: boolean): Promise<{ ms: number; bytes: number; peakHeap: number }> {
  const box = page.locator('input[name=caption]');
  if ((await box.isChecked()) !== caption) await box.click();
  let peakHeap = await heapUsed(cdp);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakHeap = Math.max(peakHeap, await heapUsed(cdp));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = performance.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByRole('button', { name: /的 ZIP/ }).click()]);
  const path = await download.path();
  const elapsed = performance.now() - started;
  sampling = false;
  await sampler;
  await page.getByRole('button', { name: /的 ZIP/ }).waitFor();
  return { ms: elapsed, bytes: statSync(path).size, peakHeap };
}

/**
 * The control: the same 1,000 qrcode/create calls, as many at once and paced as the runner paces
 * them, made by a bare fetch loop in the service worker of a fresh browser with none of the
 * extension's code around them. Its worker busy time is what Chromium spends in the worker on a
 * fetch and its JSON by itself: the "waiting on the network" as the worker sees it.
 */
async function bareFetchControl(): Promise<{ busyMs: number; cpuMs: number; traceCpuMs: number; totalMs: number }> {
  const standIn = await new WechatStandIn().start();
  const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port });
  try {
    const sw = await browser.currentServiceWorker();
    const page = await browser.open('popup');
    const token = await bareWorkerToken(sw);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Tracing.start', { categories: 'toplevel,__metadata', transferMode: 'ReturnAsStream' });
    const cpu = workerCpuMeter(browser.userDataDir);
    const started = performance.now();
    // A string, not a function: the worker gets exactly this code (no bundler helpers).
    await sw.evaluate(`(async () => {
      const url = 'https://api.weixin.qq.com/cgi-bin/qrcode/create?access_token=' + encodeURIComponent(${JSON.stringify(token)});
      const gap = 1000 / ${BATCH_REQUESTS_PER_SECOND};
      let next = 0;
      let lastStart = -Infinity;
      async function lane() {
        while (next < ${CODES}) {
          const index = next++;
          const wait = lastStart + gap - performance.now();
          lastStart = Math.max(performance.now(), lastStart + gap);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const body = JSON.stringify({ expire_seconds: 2592000, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'control-' + index } } });
          const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(15000) });
          await response.json();
        }
      }
      await Promise.all(Array.from({ length: ${DEFAULT_BATCH_CONCURRENCY} }, lane));
    })()`);
    const totalMs = performance.now() - started;
    const cpuMs = cpu.stop();
    const busy = busyMs(await readTrace(cdp), /ServiceWorker/i);
    return { busyMs: busy.ms, cpuMs, traceCpuMs: busy.cpuMs, totalMs };
  } finally {
    await browser.close();
    await standIn.stop();
  }
}

export async function runBatchBench(command: string): Promise<void> {
  const control = await bareFetchControl();
  const standIn = await new WechatStandIn().start();
  const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port });
  try {
    const options = await OptionsPage.open(browser);
    await options.saveCredentials();
    await options.close();

    const page = await browser.open('batch');
    await page.getByLabel('粘贴列表').check();
    const lines = Array.from({ length: CODES }, (_, i) => `bench-${String(i + 1).padStart(4, '0')},门店 ${i + 1}`);
    await page.locator('textarea[name=pasted]').fill(lines.join('\n'));
    await page
      .getByTestId('batch-summary')
      .filter({ hasText: `可生成 ${CODES}` })
      .waitFor();

    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Tracing.start', { categories: 'toplevel,__metadata', transferMode: 'ReturnAsStream' });
    const load: number[] = [loadavg()[0]!];
    const footprint = footprintSampler(browser.userDataDir);
    const cpu = workerCpuMeter(browser.userDataDir);
    const started = performance.now();
    await page.getByRole('button', { name: `开始生成 ${CODES} 个` }).click();
    await page.locator('#batch-run-title[data-status=done]').waitFor({ timeout: 600_000 });
    const totalMs = performance.now() - started;
    const workerCpuMs = cpu.stop();
    load.push(loadavg()[0]!);
    const events = await readTrace(cdp);
    const worker = busyMs(events, /ServiceWorker/i);
    const pageThread = busyMs(events, /^CrRendererMain$/);
    const created = standIn.createBodies().length;

    const captioned = await timedZip(page, cdp, true);
    const plain = await timedZip(page, cdp, false);
    load.push(loadavg()[0]!);
    const footprintPeak = await footprint.stop();

    const perCode = worker.ms / CODES;
    const controlPerCode = control.busyMs / CODES;
    // CPU time, not the tasks' wall time: on a loaded machine a task waiting for a core looks busy.
    const cpuPerCode = workerCpuMs / CODES;
    const controlCpuPerCode = control.cpuMs / CODES;
    const beyondNetwork = cpuPerCode - controlCpuPerCode;
    // Never a NaN headline or a "no" without a reason: a figure that could not be measured stops the bench.
    if (!Number.isFinite(beyondNetwork)) {
      throw new CannotMeasure(`the worker's CPU time per code came out as ${beyondNetwork} (run ${workerCpuMs} ms, control ${control.cpuMs} ms)`);
    }
    if (workerCpuMs <= 0 || control.cpuMs <= 0) {
      throw new CannotMeasure(
        `the worker's thread used no CPU time that /proc counted (run ${workerCpuMs} ms, control ${control.cpuMs} ms): the thread measured is not the one that ran`,
      );
    }
    const traceNote = (busy: { tasks: number; withoutThreadTime: number }) =>
      busy.withoutThreadTime === 0 ? 'every task' : `${busy.tasks - busy.withoutThreadTime} of ${busy.tasks} tasks carried it`;
    const paced = (CODES / BATCH_REQUESTS_PER_SECOND) * 1000;
    const rows: Row[] = [
      {
        metric: `${CODES} codes, click → done (paced at ${BATCH_REQUESTS_PER_SECOND} requests/s: ≥ ${sec(paced)})`,
        median: sec(totalMs),
        target: '',
        pass: undefined,
      },
      { metric: 'service-worker busy time per code (wall time of its tasks)', median: ms(perCode), target: '', pass: undefined },
      {
        metric: 'control: a bare fetch loop making the same calls (fresh browser), worker busy time per call',
        median: ms(controlPerCode),
        target: '',
        pass: undefined,
      },
      { metric: "service-worker CPU time per code (its thread's user + system time, /proc)", median: ms(cpuPerCode), target: '', pass: undefined },
      { metric: 'control: worker CPU time per call of the bare fetch loop (/proc)', median: ms(controlCpuPerCode), target: '', pass: undefined },
      {
        metric: `cross-check: trace thread time of the worker's tasks per code (${traceNote(worker)})`,
        median: ms(worker.cpuMs / CODES),
        target: '',
        pass: undefined,
      },
      {
        metric: '**extension time per code beyond waiting on the network** (CPU time − control)',
        median: ms(beyondNetwork),
        target: `≤ ${PER_CODE_TARGET_MS} ms`,
        pass: beyondNetwork <= PER_CODE_TARGET_MS,
      },
      { metric: 'batch page busy time per code (progress display)', median: ms(pageThread.ms / CODES), target: '', pass: undefined },
      {
        metric: `ZIP of ${CODES} PNGs at 1280 px with caption`,
        median: sec(captioned.ms),
        target: `≤ ${sec(ZIP_TARGET_MS)}`,
        pass: captioned.ms <= ZIP_TARGET_MS,
      },
      { metric: `ZIP of ${CODES} PNGs at 1280 px without caption`, median: sec(plain.ms), target: `≤ ${sec(ZIP_TARGET_MS)}`, pass: plain.ms <= ZIP_TARGET_MS },
      { metric: 'batch page JS heap, peak during the ZIPs', median: mb(Math.max(captioned.peakHeap, plain.peakHeap)), target: '', pass: undefined },
      { metric: 'peak memory: footprint of the extension process (worker + batch page), run and ZIPs', median: mb(footprintPeak), target: '', pass: undefined },
    ];
    const result = {
      command,
      date: new Date().toISOString(),
      codes: CODES,
      createRequests: created,
      totalMs,
      worker: {
        busyMs: worker.ms,
        cpuMs: workerCpuMs,
        trace: { cpuMs: worker.cpuMs, tasks: worker.tasks, withoutThreadTime: worker.withoutThreadTime },
        threads: worker.threads,
        perCodeMs: perCode,
        cpuPerCodeMs: cpuPerCode,
        beyondNetworkPerCodeMs: beyondNetwork,
      },
      control: { ...control, perCallMs: controlPerCode, cpuPerCallMs: controlCpuPerCode },
      page: { busyMs: pageThread.ms },
      zip: { captioned, plain },
      footprintPeakBytes: footprintPeak,
      loadAverage1m: load,
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `\nBatch: ${created} create requests for ${CODES} codes; worker threads traced: ${worker.threads.join(', ') || 'none found'} ` +
        `(${worker.withoutThreadTime} of ${worker.tasks} tasks without thread time); 1-min load ${load.map((l) => l.toFixed(2)).join(' → ')}`,
    );
    console.log(`\n${markdownTable(rows)}\n\nProduced by: \`${command}\`\nJSON: ${RESULTS_FILE}`);
  } finally {
    await browser.close();
    await standIn.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBatchBench('npm run build && node --import tsx bench/batch.ts').then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof CannotMeasure ? `cannot measure: ${error.message}` : error);
      process.exit(1);
    },
  );
}
