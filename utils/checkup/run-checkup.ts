/**
 * The check-up (体检) of one account: the calls, in order, and their verdicts (verdicts.ts). It runs on
 * the account snapshot it was given, like every operation. The token comes first: without one nothing
 * else can be asked, and those lines say "not checked" rather than repeat the token's failure.
 */
import { type AppError, toAppError } from '@/utils/messaging/app-error';
import type { AccountClient } from '@/utils/wechat/client';
import { QUOTA_PATHS } from '@/utils/wechat/openapi-api';
import type { CheckLine, CheckupResult } from './checkup-result';
import { createPermissionVerdict, followerPermissionVerdict, permanentVerdict, quotaVerdict, tokenVerdict } from './verdicts';

export interface CheckupDeps {
  /** The account's WeChat calls (a failure to build it, a missing permission say, is the token line's). */
  client(): Promise<AccountClient>;
  /** Its permanent codes in local history. */
  permanentCodes(): Promise<number>;
  now(): number;
}

/**
 * The probe for "may it create parametric codes": a temporary code of 60 s (the shortest) with a scene
 * no operator would use, so a scan of it, if anyone ever saw it, is recognisable. It is not saved to
 * history: it is not the operator's. It spends one of the day's qrcode/create calls.
 */
export const PROBE_BODY = { action_name: 'QR_STR_SCENE', expire_seconds: 60, action_info: { scene: { scene_str: 'scene-qr-checkup' } } } as const;

async function outcome(call: () => Promise<unknown>): Promise<AppError | undefined> {
  try {
    await call();
    return undefined;
  } catch (thrown) {
    return toAppError(thrown);
  }
}

export async function runCheckup(account: { id: string; appId: string }, deps: CheckupDeps): Promise<CheckupResult> {
  const at = deps.now();
  const permanent: CheckLine = { check: 'permanent', verdict: permanentVerdict(await deps.permanentCodes()) };
  let client: AccountClient | undefined;
  const tokenError = await outcome(async () => {
    client = await deps.client();
    await client.testConnection();
  });
  const token: CheckLine = { check: 'token', verdict: tokenVerdict(tokenError) };
  if (!client || tokenError) {
    const skipped = { skipped: true } as const;
    const rest: CheckLine[] = [
      { check: 'create', verdict: skipped },
      { check: 'followers', verdict: skipped },
      ...QUOTA_PATHS.map((path): CheckLine => ({ check: 'quota', path, verdict: skipped })),
    ];
    return { accountId: account.id, appId: account.appId, at, lines: [token, ...rest, permanent] };
  }
  const ready = client;
  // Quotas first: the probes below spend one call each, and the day's figures are the operator's, not ours.
  const quotas = await Promise.all(
    QUOTA_PATHS.map(async (path): Promise<CheckLine> => {
      const quota = await ready.apiQuota(path).catch((thrown: unknown) => toAppError(thrown));
      return { check: 'quota', path, verdict: quotaVerdict(quota) };
    }),
  );
  const create: CheckLine = { check: 'create', verdict: createPermissionVerdict(await outcome(() => ready.createQrCode(PROBE_BODY))) };
  const followers: CheckLine = { check: 'followers', verdict: followerPermissionVerdict(await outcome(() => ready.followerList(''))) };
  return { accountId: account.id, appId: account.appId, at, lines: [token, create, followers, ...quotas, permanent] };
}
