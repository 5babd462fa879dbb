/**
 * 查询详情: what WeChat recorded of the request behind a rid (contract §8), made fit to show. rid/get
 * hands back the request's URL (with its access token), its body (a token call's holds the AppSecret)
 * and the answer: everything goes through redact.ts, and then every secret value the account has is
 * removed wherever it still occurs, before it leaves the background.
 */
import type { RidRequest } from '@/utils/wechat/openapi-api';
import { redactBody, redactUrl, removeKnownSecrets } from './redact';

/** What the page shows: the same fields, with no token, AppSecret or header value left in them. */
export interface RidDetails {
  rid: string;
  /** When the call was made (epoch ms). */
  invokedAt: number;
  costInMs: number;
  requestUrl: string;
  requestBody: string;
  responseBody: string;
  clientIp: string;
}

export function ridDetails(rid: string, request: RidRequest, secrets: readonly string[]): RidDetails {
  const clean = (text: string) => removeKnownSecrets(text, secrets);
  return {
    rid,
    invokedAt: request.invokeTime * 1000,
    costInMs: request.costInMs,
    requestUrl: clean(redactUrl(request.requestUrl)),
    requestBody: clean(redactBody(request.requestBody)),
    responseBody: clean(redactBody(request.responseBody)),
    clientIp: request.clientIp,
  };
}
