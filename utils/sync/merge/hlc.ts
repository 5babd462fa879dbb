/**
 * Hybrid logical clocks (HLC) for sync: every change to a synced field is stamped with one, and the
 * newest stamp wins when two browsers changed the same field. An HLC is the wall clock in ms, a
 * counter for changes within one ms (or after seeing a stamp from a browser whose clock runs ahead)
 * and the device id that breaks a tie, written as one string so that comparing two strings compares
 * the clocks: `<ms, base 36, 9 digits>-<counter, base 36, 4 digits>-<device>`.
 *
 * Each page and the worker keeps its own last stamp (`last` below): two pages of one browser may stamp
 * the same string for two different values; merge (code-state.ts) then breaks the tie by value, so
 * the result stays the same everywhere.
 */
export type Hlc = string;

const WALL_DIGITS = 9;
const COUNTER_DIGITS = 4;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;

let last = { wall: 0, counter: 0 };

export function formatHlc(wall: number, counter: number, device: string): Hlc {
  return `${wall.toString(36).padStart(WALL_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${device}`;
}

export function parseHlc(hlc: Hlc): { wall: number; counter: number; device: string } {
  const [wall = '0', counter = '0', device = ''] = hlc.split('-');
  return { wall: parseInt(wall, 36), counter: parseInt(counter, 36), device };
}

/** The stamp a record made before sync existed gets: its creation time, counter 0. */
export function hlcAt(wall: number, device: string): Hlc {
  return formatHlc(Math.max(0, Math.floor(wall)), 0, device);
}

/**
 * A new stamp for a change made here: later than every stamp this page made or saw, and later than
 * `after` (the stamp of the value it replaces), so an edit always beats what the operator saw.
 */
export function nextHlc(device: string, after?: Hlc, now = Date.now()): Hlc {
  if (after) observeHlc(after);
  const wall = Math.max(now, last.wall);
  const counter = wall === last.wall ? last.counter + 1 : 0;
  last = counter > MAX_COUNTER ? { wall: wall + 1, counter: 0 } : { wall, counter };
  return formatHlc(last.wall, last.counter, device);
}

/** Takes in a stamp from another browser, so the next local stamp comes after it. */
export function observeHlc(hlc: Hlc): void {
  const { wall, counter } = parseHlc(hlc);
  if (wall > last.wall || (wall === last.wall && counter > last.counter)) last = { wall, counter };
}

/** The later of two stamps (undefined counts as earliest). */
export function maxHlc(a: Hlc | undefined, b: Hlc | undefined): Hlc | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/** A random device id: 10 base-36 characters, no '-' (the stamp's separator). */
export function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (byte) => (byte % 36).toString(36)).join('');
}
