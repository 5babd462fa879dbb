/**
 * A check-up's (体检) result as it is stored (the last one per account) and shown: one line per check,
 * in the order the options page lists them. A line is a verdict, or "not checked" when an earlier
 * line made it impossible (no token: nothing else can be asked).
 */
import type { QuotaPath } from '@/utils/wechat/openapi-api';
import type { Verdict } from './verdicts';

export type CheckName = 'token' | 'create' | 'followers' | 'quota' | 'permanent';

export interface CheckLine {
  check: CheckName;
  /** Quota lines: the API path whose day this is. */
  path?: QuotaPath;
  verdict: Verdict | { skipped: true };
}

export interface CheckupResult {
  accountId: string;
  appId: string;
  /** When it ran (epoch ms). */
  at: number;
  lines: CheckLine[];
}

export const isSkipped = (verdict: CheckLine['verdict']): verdict is { skipped: true } => 'skipped' in verdict;

/** Lines that found something wrong (not the skipped ones: they follow from a failed one). */
export function problemLines(result: CheckupResult): CheckLine[] {
  return result.lines.filter((line) => !isSkipped(line.verdict) && !line.verdict.ok);
}
