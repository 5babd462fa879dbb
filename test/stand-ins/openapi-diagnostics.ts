/**
 * The stand-in's daily quotas and rid records (contract §8): every business call counts against its
 * path's daily limit (45009 once spent), quota/get reads the counts, clear_quota/v2 zeroes them (10
 * times a month, then 48006), and every answer that carries a rid keeps the request it answered, so
 * rid/get hands back what was really sent: a token call's record holds the AppSecret, as WeChat's does.
 */
export const QUOTA_GET = '/cgi-bin/openapi/quota/get';
export const RID_GET = '/cgi-bin/openapi/rid/get';
export const CLEAR_QUOTA_V2 = '/cgi-bin/clear_quota/v2';
/** §8: resets a month, this one and clear_quota share. */
export const CLEARS_PER_MONTH = 10;

/** §6 / §8 limits the stand-in starts with; tests lower them with `setDailyLimit`. */
export const DEFAULT_DAILY_LIMITS: Readonly<Record<string, number>> = {
  '/cgi-bin/qrcode/create': 100_000,
  '/cgi-bin/user/get': 500_000,
  '/cgi-bin/user/info/batchget': 500_000,
  '/cgi-bin/stable_token': 500_000,
  '/cgi-bin/token': 2_000,
  // §9: the tag calls' limits are not in the stored documentation; these are the stand-in's assumption.
  '/cgi-bin/tags/get': 100_000,
  '/cgi-bin/tags/create': 100_000,
  '/cgi-bin/tags/update': 100_000,
  '/cgi-bin/tags/members/batchtagging': 100_000,
  '/cgi-bin/tags/members/batchuntagging': 100_000,
};

export interface RidRecord {
  invoke_time: number;
  cost_in_ms: number;
  request_url: string;
  request_body: string;
  response_body: string;
  client_ip: string;
}

type ErrorMaker = (errcode: number, errmsg: string) => object;

const RID_IN_ERRMSG = /rid: (\S+)/;

export class OpenApiDiagnostics {
  private readonly limits = new Map(Object.entries(DEFAULT_DAILY_LIMITS));
  private readonly used = new Map<string, number>();
  private readonly rids = new Map<string, RidRecord>();
  private clearsThisMonth = 0;

  constructor(private readonly err: ErrorMaker) {}

  setDailyLimit(path: string, limit: number): void {
    this.limits.set(path, limit);
  }

  /** As if `calls` calls were made today already (a test starts with a part-spent day). */
  setUsed(path: string, calls: number): void {
    this.used.set(path, calls);
  }

  usedToday(path: string): number {
    return this.used.get(path) ?? 0;
  }

  clearsUsed(): number {
    return this.clearsThisMonth;
  }

  /** Counts one call to a limited path; 45009 when today's limit was already spent (the call is not counted). */
  count(path: string): object | undefined {
    const limit = this.limits.get(path);
    if (limit === undefined) return undefined;
    const used = this.usedToday(path);
    if (used >= limit) return this.err(45009, 'reach max api daily quota limit');
    this.used.set(path, used + 1);
    return undefined;
  }

  /** Keeps the request behind an answer whose errmsg names a rid (WeChat's rid/get reads these back). */
  record(answer: object, request: { url: string; rawBody: string; clientIp: string; startedAt: number }, now: number): void {
    const rid = RID_IN_ERRMSG.exec(String((answer as { errmsg?: unknown }).errmsg ?? ''))?.[1];
    if (!rid) return;
    this.rids.set(rid, {
      invoke_time: Math.floor(request.startedAt / 1000),
      cost_in_ms: Math.max(0, Math.round(now - request.startedAt)),
      request_url: request.url,
      request_body: request.rawBody,
      response_body: JSON.stringify(answer),
      client_ip: request.clientIp,
    });
  }

  /** §8 quota/get: the body names one cgi_path with its leading "/" and no host, or 76021. */
  quotaGet(body: unknown): object {
    const path = (body as { cgi_path?: unknown } | null)?.cgi_path;
    // §8: a path without its leading "/" (or with the host before it) is 76003; a path with no quota, 76021.
    if (typeof path !== 'string' || !path.startsWith('/')) return this.err(76003, 'invalid cgi_path');
    const limit = this.limits.get(path);
    if (limit === undefined) return this.err(76021, 'cgi_path not found, please check');
    const used = this.usedToday(path);
    return { errcode: 0, errmsg: 'ok', quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } };
  }

  /** §8 rid/get: the record of a rid this account's calls were answered with, or 76001. */
  ridGet(body: unknown): object {
    const rid = (body as { rid?: unknown } | null)?.rid;
    if (typeof rid !== 'string' || rid === '') return this.err(76001, 'rid not found');
    const record = this.rids.get(rid);
    if (!record) return this.err(76001, 'rid not found');
    return { errcode: 0, errmsg: 'ok', request: record };
  }

  /** §8 clear_quota/v2 after the caller checked appid + appsecret: zeroes every count, 10 times a month. */
  clear(): object {
    if (this.clearsThisMonth >= CLEARS_PER_MONTH) return this.err(48006, 'forbid to clear quota because of reaching the limit');
    this.clearsThisMonth++;
    this.used.clear();
    return { errcode: 0, errmsg: 'ok' };
  }
}
