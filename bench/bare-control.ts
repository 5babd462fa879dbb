import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import type { WechatStandIn } from '../test/stand-ins/wechat-stand-in';
import { bareWorkerToken } from './bare-token';
import { CannotMeasure, cpuMs, extensionProcessMemory } from './process-stats';

/** What a bare control loop cost: wall time, time with a request open at the stand-in, CPU and memory of the extension process. */
export interface BareControl {
  totalMs: number;
  wechatMs: number;
  cpuMs: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  footprintBeforeBytes: number;
  footprintPeakBytes: number;
  /** What the control's code resolved to. */
  value: unknown;
}

/** CPU time (ms) the extension processes of `browser` used since `before` (from `cpuBefore`). */
export function extensionCpuSince(browser: ExtensionBrowser, cpuBefore: ReadonlyMap<number, number>): number {
  return extensionProcessMemory(browser.userDataDir).reduce((sum, p) => sum + cpuMs(p.pid) - (cpuBefore.get(p.pid) ?? 0), 0);
}

/**
 * A control for the benches of long worker jobs: `code(token)` (a string, so the worker gets exactly
 * that code, no bundler helpers) run in the service worker of a fresh browser against `standIn`
 * (already started and set up, stopped by the caller), with none of the extension's code around the
 * fetches; `code` is built after the token call, so a stand-in log cleared then holds the control's
 * calls only. Its CPU time and memory growth are what Chromium's fetch path costs by itself here.
 */
export async function bareWorkerControl(standIn: WechatStandIn, code: (token: string) => string): Promise<BareControl> {
  const browser = await ExtensionBrowser.launch({ wechatPort: standIn.port });
  try {
    const sw = await browser.currentServiceWorker();
    const token = await bareWorkerToken(sw);
    const before = extensionProcessMemory(browser.userDataDir);
    if (before.length === 0) throw new CannotMeasure(`no extension process of the browser with profile ${browser.userDataDir} in /proc`);
    const cpuBefore = new Map(before.map((p) => [p.pid, cpuMs(p.pid)]));
    const rssBeforeBytes = Math.max(0, ...before.map((m) => m.rssBytes));
    const footprintBeforeBytes = Math.max(0, ...before.map((m) => m.footprintBytes));
    let rssPeakBytes = rssBeforeBytes;
    let footprintPeakBytes = footprintBeforeBytes;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = extensionProcessMemory(browser.userDataDir);
        rssPeakBytes = Math.max(rssPeakBytes, ...now.map((m) => m.rssBytes));
        footprintPeakBytes = Math.max(footprintPeakBytes, ...now.map((m) => m.footprintBytes));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    standIn.busyMs = 0;
    const started = performance.now();
    const value: unknown = await sw.evaluate(code(token));
    const totalMs = performance.now() - started;
    sampling = false;
    await sampler;
    return {
      totalMs,
      wechatMs: standIn.busyMs,
      cpuMs: extensionCpuSince(browser, cpuBefore),
      rssBeforeBytes,
      rssPeakBytes,
      footprintBeforeBytes,
      footprintPeakBytes,
      value,
    };
  } finally {
    await browser.close();
  }
}
