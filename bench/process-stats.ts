/**
 * The extension's renderer process as Linux sees it (/proc): CPU time and memory, for the benches
 * that run long jobs in the service worker (batch, channel report).
 */
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

/** CPU time (user + system, ms) a process has used so far; /proc counts in clock ticks of 10 ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Memory of this browser's extension renderer(s), from /proc (kB → bytes). `footprintBytes` is what
 * Chrome's task manager shows as the process's memory footprint on Linux: private memory, RssAnon +
 * VmSwap. The resident set (VmRSS, and its peak VmHWM) also counts ~80 MB of Chromium's own code and
 * data files mapped into every renderer and shared with the other processes (RssFile).
 */
export function extensionProcessMemory(userDataDir: string): { pid: number; peakBytes: number; rssBytes: number; footprintBytes: number; fileBytes: number }[] {
  const all = processes();
  const root = all.find((p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type='));
  if (!root) return [];
  const ours = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (ours.has(p.ppid) && !ours.has(p.pid)) grew = Boolean(ours.add(p.pid));
  }
  return all
    .filter((p) => ours.has(p.pid) && p.cmdline.includes('--extension-process'))
    .map((p) => {
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
