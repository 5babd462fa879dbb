import { AppFailure, fail } from '@/utils/messaging/app-error';
import type { QrCreateBody } from './qr-request';
import type { TokenCache } from './token-cache';
import type { FetchedToken } from './token-endpoints';
import { BUSY_ERRCODE, TOKEN_REJECTED_ERRCODES } from './errors';
import type { FollowerListPage } from './follower-api';
import { postJson, unreadableAnswer, wechatJson } from './http';
import { type ApiQuota, type RidRequest, fetchApiQuota, fetchRidRequest } from './openapi-api';
import { type WechatTag, batchTag, batchUntag, createTag, fetchTags, renameTag } from './tags-api';

/** Waits before each retry of a "system busy" (-1) answer; then we give up with a message. */
export const BUSY_BACKOFF_MS = [1000, 2000, 4000] as const;

export interface QrCreateResponse {
  ticket: string;
  /** Absent for permanent codes (one old report saw 0). */
  expireSeconds: number | null;
  url: string;
}

/** The account the calls are for: its AppID keys the token cache; fetchToken runs only on a cache miss. */
export interface TokenSource {
  appId: string;
  /** Where the account's calls go: api.weixin.qq.com, or the account's relay. */
  apiBase: string;
  fetchToken(): Promise<FetchedToken>;
}

export interface WechatClientDeps {
  tokenCache: TokenCache;
  sleep?: (ms: number) => Promise<void>;
}

function wechatErrcode(thrown: unknown): number | undefined {
  return thrown instanceof AppFailure ? thrown.error.errcode : undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An answer without a ticket is unreadable in the words of whoever gave it (WeChat, or the relay at `url`'s origin). */
function parseQrCreateResponse(body: Record<string, unknown>, url: string): QrCreateResponse {
  if (typeof body.ticket !== 'string' || body.ticket === '' || typeof body.url !== 'string') fail(unreadableAnswer(url));
  const expire = Number(body.expire_seconds);
  return { ticket: body.ticket, url: body.url, expireSeconds: Number.isFinite(expire) && expire > 0 ? expire : null };
}

/** The calls of one account: each uses the token and the API base of the one TokenSource it was made for. */
export interface AccountClient {
  /** Gets a token (from the cache when it has one): proves AppID, AppSecret and IP whitelist. */
  testConnection(): Promise<void>;
  createQrCode(body: QrCreateBody): Promise<QrCreateResponse>;
  /** One page of the follower list (contract §7): up to 10,000 openids after `nextOpenid` ('' = from the start). */
  followerList(nextOpenid: string): Promise<FollowerListPage>;
  /** Details of up to 100 followers; the raw user_info_list (callers keep only what they need). */
  followerDetails(openids: readonly string[]): Promise<unknown[]>;
  /** Today's quota of one API (contract §8). */
  apiQuota(cgiPath: string): Promise<ApiQuota>;
  /** What WeChat recorded of the request behind a rid (contract §8): unredacted, background only. */
  ridRequest(rid: string): Promise<RidRequest>;
  /** The account's tags (contract §9), WeChat's own 0/1/2 among them. */
  tags(): Promise<WechatTag[]>;
  /** A new tag; the name is checked first (≤ 30 UTF-8 bytes). */
  createTag(name: string): Promise<WechatTag>;
  renameTag(id: number, name: string): Promise<void>;
  /** Tags up to 50 followers; refusals are tag_* errors that name no follower (contract §9). */
  batchTag(tagId: number, openids: readonly string[]): Promise<void>;
  batchUntag(tagId: number, openids: readonly string[]): Promise<void>;
}

/**
 * The WeChat API as the background uses it: token handling and retries live here, transport in http.ts.
 * It knows no "current account": an operation takes its account's TokenSource once, when it starts,
 * and makes every call of its run through `for(source)`, so switching accounts meanwhile changes nothing.
 */
export interface WechatClient {
  for(source: TokenSource): AccountClient;
  /** Drops the AppID's cached token, and a fetch in flight for it drops its answer (the passphrase lock closing). */
  forgetToken(appId: string): Promise<void>;
}

export function createWechatClient(deps: WechatClientDeps): WechatClient {
  const sleep = deps.sleep ?? realSleep;

  async function retryWhileBusy<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (thrown) {
        const delay = BUSY_BACKOFF_MS[attempt];
        if (wechatErrcode(thrown) !== BUSY_ERRCODE || delay === undefined) throw thrown;
        await sleep(delay);
      }
    }
  }

  async function accessToken(source: TokenSource): Promise<string> {
    return deps.tokenCache.get(source.appId, () => retryWhileBusy(() => source.fetchToken()));
  }

  /** A business call with a token: on a rejected token, drop it if still current, fetch once, retry once. */
  async function withToken<T>(source: TokenSource, call: (token: string, apiBase: string) => Promise<T>): Promise<T> {
    const token = await accessToken(source);
    try {
      return await retryWhileBusy(() => call(token, source.apiBase));
    } catch (thrown) {
      const errcode = wechatErrcode(thrown);
      if (errcode === undefined || !TOKEN_REJECTED_ERRCODES.has(errcode)) throw thrown;
      await deps.tokenCache.expireIfCurrent(source.appId, token);
      const fresh = await accessToken(source);
      return retryWhileBusy(() => call(fresh, source.apiBase));
    }
  }

  function accountClient(source: TokenSource): AccountClient {
    return {
      async testConnection() {
        await accessToken(source);
      },

      createQrCode: (body) =>
        withToken(source, async (token, apiBase) => {
          const url = `${apiBase}/cgi-bin/qrcode/create?access_token=${encodeURIComponent(token)}`;
          return parseQrCreateResponse(await wechatJson<Record<string, unknown>>(url, postJson(body)), url);
        }),

      followerList: (nextOpenid) =>
        withToken(source, async (token, apiBase) => {
          const url = `${apiBase}/cgi-bin/user/get?access_token=${encodeURIComponent(token)}&next_openid=${encodeURIComponent(nextOpenid)}`;
          return wechatJson<FollowerListPage>(url);
        }),

      followerDetails: (openids) =>
        withToken(source, async (token, apiBase) => {
          const url = `${apiBase}/cgi-bin/user/info/batchget?access_token=${encodeURIComponent(token)}`;
          const body = { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) };
          const answer = await wechatJson<{ user_info_list?: unknown }>(url, postJson(body));
          if (!Array.isArray(answer.user_info_list)) fail(unreadableAnswer(url));
          return answer.user_info_list;
        }),

      apiQuota: (cgiPath) => withToken(source, (token, apiBase) => fetchApiQuota(apiBase, token, cgiPath)),

      ridRequest: (rid) => withToken(source, (token, apiBase) => fetchRidRequest(apiBase, token, rid)),

      tags: () => withToken(source, (token, apiBase) => fetchTags(apiBase, token)),
      createTag: (name) => withToken(source, (token, apiBase) => createTag(apiBase, token, name)),
      renameTag: (id, name) => withToken(source, (token, apiBase) => renameTag(apiBase, token, id, name)),
      batchTag: (tagId, openids) => withToken(source, (token, apiBase) => batchTag(apiBase, token, tagId, openids)),
      batchUntag: (tagId, openids) => withToken(source, (token, apiBase) => batchUntag(apiBase, token, tagId, openids)),
    };
  }

  return {
    for: accountClient,
    forgetToken: (appId) => deps.tokenCache.forget(appId),
  };
}
