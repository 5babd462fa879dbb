/** The diagnostics API's answers (contract §8), as the WeChat client returns them. */
import { fail } from '@/utils/messaging/app-error';
import { postJson, unreadableAnswer, wechatJson } from './http';

/** Today's quota of one API: the limit, the calls made today, what is left. */
export interface ApiQuota {
  dailyLimit: number;
  used: number;
  remain: number;
}

/** What rid/get answers about one request, as WeChat recorded it: secrets included, so it never leaves the background unredacted. */
export interface RidRequest {
  invokeTime: number;
  costInMs: number;
  requestUrl: string;
  requestBody: string;
  responseBody: string;
  clientIp: string;
}

/** The paths Scene QR calls that have a daily quota worth checking before a job. */
export const QR_CREATE_PATH = '/cgi-bin/qrcode/create';
export const USER_GET_PATH = '/cgi-bin/user/get';
export const USER_BATCHGET_PATH = '/cgi-bin/user/info/batchget';
export type QuotaPath = typeof QR_CREATE_PATH | typeof USER_GET_PATH | typeof USER_BATCHGET_PATH;
export const QUOTA_PATHS: readonly QuotaPath[] = [QR_CREATE_PATH, USER_GET_PATH, USER_BATCHGET_PATH];

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown) => (typeof value === 'string' ? value : '');

export async function fetchApiQuota(apiBase: string, token: string, cgiPath: string): Promise<ApiQuota> {
  const url = `${apiBase}/cgi-bin/openapi/quota/get?access_token=${encodeURIComponent(token)}`;
  const answer = await wechatJson<{ quota?: Record<string, unknown> }>(url, postJson({ cgi_path: cgiPath }));
  const dailyLimit = num(answer.quota?.daily_limit);
  const used = num(answer.quota?.used);
  const remain = num(answer.quota?.remain);
  if (dailyLimit === undefined || used === undefined || remain === undefined) fail(unreadableAnswer(url));
  return { dailyLimit, used, remain };
}

export async function fetchRidRequest(apiBase: string, token: string, rid: string): Promise<RidRequest> {
  const url = `${apiBase}/cgi-bin/openapi/rid/get?access_token=${encodeURIComponent(token)}`;
  const answer = await wechatJson<{ request?: Record<string, unknown> }>(url, postJson({ rid }));
  const r = answer.request;
  if (!r || num(r.invoke_time) === undefined) fail(unreadableAnswer(url));
  return {
    invokeTime: num(r.invoke_time)!,
    costInMs: num(r.cost_in_ms) ?? 0,
    requestUrl: str(r.request_url),
    requestBody: str(r.request_body),
    responseBody: str(r.response_body),
    clientIp: str(r.client_ip),
  };
}

/**
 * clear_quota/v2 with the AppSecret (no token: it works when the token quota is spent). One of the
 * account's 10 resets a month: callers send it only after the operator confirmed.
 */
export async function clearQuotaWithSecret(apiBase: string, appId: string, appSecret: string): Promise<void> {
  const url = `${apiBase}/cgi-bin/clear_quota/v2?appid=${encodeURIComponent(appId)}&appsecret=${encodeURIComponent(appSecret)}`;
  await wechatJson(url, { method: 'POST' });
}
