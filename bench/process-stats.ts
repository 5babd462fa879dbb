/**
 * The extension's renderer process as Linux sees it (/proc): CPU time and memory, for the benches
 * that run long jobs in the service worker (batch, channel report).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Every process's parent and command line, from /proc (Linux). */
function processes(): { pid: number; ppid: number; cmdline: string }[] {
  const list: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      list.push({ pid: Number(name), ppid, cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

/** CPU time (user + system, ms) a process has used so far; /proc counts in clock ticks (USER_HZ). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/** This browser's extension renderer processes: the root browser process found by its profile, then its descendants. */
function extensionProcesses(userDataDir: string): { pid: number; ppid: number; cmdline: string }[] {
  const all = processes();
  const root = all.find((p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type='));
  if (!root) return [];
  const ours = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) if (ours.has(p.ppid) && !ours.has(p.pid)) grew = Boolean(ours.add(p.pid));
  }
  return all.filter((p) => ours.has(p.pid) && p.cmdline.includes('--extension-process'));
}

/** Why a bench cannot measure what it reports: printed, and the bench exits non-zero. */
export class CannotMeasure extends Error {}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ), in which /proc counts CPU time. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = Number.NaN;
    }
    if (!(ticksPerSecond > 0)) throw new CannotMeasure('`getconf CLK_TCK` gave no clock-tick rate, so /proc CPU times cannot be converted to ms');
  }
  return ticksPerSecond;
}

/** CPU time (user + system, ms) of one thread so far, from /proc/PID/task/TID/stat. */
function threadCpuMs(pid: number, tid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/**
 * The service-worker threads of this browser's extension processes ("ServiceWorker thread", which
 * Linux shortens to 15 characters in comm), with the CPU time each has used so far, by `pid:tid`.
 */
export function serviceWorkerThreadCpu(userDataDir: string): Map<string, number> {
  if (process.platform !== 'linux') throw new CannotMeasure(`thread CPU time is read from /proc, which ${process.platform} does not have`);
  const processesFound = extensionProcesses(userDataDir);
  if (processesFound.length === 0) throw new CannotMeasure(`no extension process of the browser with profile ${userDataDir} in /proc`);
  const threads = new Map<string, number>();
  for (const { pid } of processesFound) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('ServiceWorker')) threads.set(`${pid}:${tid}`, threadCpuMs(pid, Number(tid)));
      } catch {
        // The thread ended while we looked.
      }
    }
  }
  if (threads.size === 0) throw new CannotMeasure('the extension process has no thread named "ServiceWorker…" in /proc/PID/task/*/comm');
  return threads;
}

/**
 * CPU time the extension's service worker spends from now until `stop()`: its thread's user +
 * system time from /proc (resolution one clock tick, 10 ms). Unlike a Chrome trace's thread times
 * it needs no trace category and covers every task. If the worker's thread ended in between (the
 * worker was stopped and restarted), its time is lost, so that is refused rather than guessed.
 */
export function workerCpuMeter(userDataDir: string): { stop(): number } {
  const before = serviceWorkerThreadCpu(userDataDir);
  return {
    stop() {
      const after = serviceWorkerThreadCpu(userDataDir);
      const gone = [...before.keys()].filter((key) => !after.has(key));
      if (gone.length > 0) throw new CannotMeasure(`the service worker's thread ${gone.join(', ')} ended during the run: its CPU time is lost`);
      let total = 0;
      for (const [key, cpu] of after) total += cpu - (before.get(key) ?? 0);
      return total;
    },
  };
}

/**
 * Memory of this browser's extension renderer(s), from /proc (kB → bytes). `footprintBytes` is what
 * Chrome's task manager shows as the process's memory footprint on Linux: private memory, RssAnon +
 * VmSwap. The resident set (VmRSS, and its peak VmHWM) also counts ~80 MB of Chromium's own code and
 * data files mapped into every renderer and shared with the other processes (RssFile).
 */
export function extensionProcessMemory(userDataDir: string): { pid: number; peakBytes: number; rssBytes: number; footprintBytes: number; fileBytes: number }[] {
  return extensionProcesses(userDataDir).map((p) => {
    const status = readFileSync(`/proc/${p.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { pid: p.pid, peakBytes: kb('VmHWM'), rssBytes: kb('VmRSS'), footprintBytes: kb('RssAnon') + kb('VmSwap'), fileBytes: kb('RssFile') };
  });
}

/** Samples the extension process's memory footprint every `everyMs` until `stop()`, which gives the highest. */
export function footprintSampler(userDataDir: string, everyMs = 500): { stop(): Promise<number> } {
  let peak = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      peak = Math.max(peak, ...extensionProcessMemory(userDataDir).map((m) => m.footprintBytes));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      sampling = false;
      await loop;
      return peak;
    },
  };
}
