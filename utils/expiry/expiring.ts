import type { QrCodeRecord } from '@/utils/codes/record';
import { DAY_MS } from './windows';

/**
 * "Expires soon" (issue #15): a temporary code that can still be scanned, stops within N days, and that
 * no code in history has replaced yet (no record has it as renewedFromId). Renewed in time, it drops out
 * of the history filter, its count and the daily reminder: what is left is what still needs doing.
 */

/** Still scannable now, and not after `days` days from now. Permanent codes never qualify. */
export function expiresWithin(record: Pick<QrCodeRecord, 'expiresAt'>, now: number, days: number): boolean {
  return record.expiresAt !== null && record.expiresAt > now && record.expiresAt <= now + days * DAY_MS;
}

export interface ExpiringSummary {
  count: number;
  /** The first few, soonest first: the reminder names them. */
  soonest: QrCodeRecord[];
}

/**
 * The codes expiring within `days` that nothing replaces, counted, the soonest `keep` of them kept.
 * Takes the records one by one (history's batched scan): only the few due are held, not every record.
 */
export async function summarizeExpiring(
  scan: (visit: (record: QrCodeRecord) => void) => Promise<void>,
  now: number,
  days: number,
  keep = 3,
): Promise<ExpiringSummary> {
  const replaced = new Set<string>();
  const due: QrCodeRecord[] = [];
  await scan((record) => {
    if (record.renewedFromId) replaced.add(record.renewedFromId);
    if (expiresWithin(record, now, days)) due.push(record);
  });
  const left = due.filter((record) => !replaced.has(record.id)).sort((a, b) => a.expiresAt! - b.expiresAt!);
  return { count: left.length, soonest: left.slice(0, keep) };
}
