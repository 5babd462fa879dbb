import { AppFailure, fail } from './app-error';
import type { QrCreateBody } from './qr-request';
import type { Credentials, TokenSourceKind } from './settings-storage';
import type { TokenCache } from './token-cache';
import { tokenFetcherFor } from './token-source';
import { BUSY_ERRCODE, TOKEN_REJECTED_ERRCODES } from './wechat-errors';
import type { FollowerListPage } from './follower-report';
import { API_BASE, postJson, wechatJson } from './wechat-http';

/** Waits before each retry of a "system busy" (-1) answer; then we give up with a message. */
export const BUSY_BACKOFF_MS = [1000, 2000, 4000] as const;

export interface QrCreateResponse {
  ticket: string;
  /** Absent for permanent codes (one old report saw 0). */
  expireSeconds: number | null;
  url: string;
}

export interface WechatClientDeps {
  loadCredentials(): Promise<Credentials>;
  loadTokenSource(): Promise<TokenSourceKind>;
  tokenCache: TokenCache;
  sleep?: (ms: number) => Promise<void>;
}

function wechatErrcode(thrown: unknown): number | undefined {
  return thrown instanceof AppFailure ? thrown.error.errcode : undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseQrCreateResponse(body: Record<string, unknown>): QrCreateResponse {
  if (typeof body.ticket !== 'string' || body.ticket === '' || typeof body.url !== 'string') fail({ code: 'bad_response' });
  const expire = Number(body.expire_seconds);
  return { ticket: body.ticket, url: body.url, expireSeconds: Number.isFinite(expire) && expire > 0 ? expire : null };
}

/** The WeChat API as the background uses it: token handling and retries live here, transport in wechat-http. */
export function createWechatClient(deps: WechatClientDeps) {
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

  async function accessToken(credentials: Credentials): Promise<string> {
    const fetchToken = tokenFetcherFor(await deps.loadTokenSource());
    return deps.tokenCache.get(credentials.appId, () => retryWhileBusy(() => fetchToken(credentials)));
  }

  /** A business call with a token: on a rejected token, drop it if still current, fetch once, retry once. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const credentials = await deps.loadCredentials();
    const token = await accessToken(credentials);
    try {
      return await retryWhileBusy(() => call(token));
    } catch (thrown) {
      const errcode = wechatErrcode(thrown);
      if (errcode === undefined || !TOKEN_REJECTED_ERRCODES.has(errcode)) throw thrown;
      await deps.tokenCache.expireIfCurrent(credentials.appId, token);
      const fresh = await accessToken(credentials);
      return retryWhileBusy(() => call(fresh));
    }
  }

  return {
    /** Gets a token (from the cache when it has one): proves AppID, AppSecret and IP whitelist. */
    async testConnection(): Promise<void> {
      await accessToken(await deps.loadCredentials());
    },

    async createQrCode(body: QrCreateBody): Promise<QrCreateResponse> {
      return withToken(async (token) => {
        const url = `${API_BASE}/cgi-bin/qrcode/create?access_token=${encodeURIComponent(token)}`;
        return parseQrCreateResponse(await wechatJson<Record<string, unknown>>(url, postJson(body)));
      });
    },

    /** One page of the follower list (contract §7): up to 10,000 openids after `nextOpenid` ('' = from the start). */
    async followerList(nextOpenid: string): Promise<FollowerListPage> {
      return withToken(async (token) => {
        const url = `${API_BASE}/cgi-bin/user/get?access_token=${encodeURIComponent(token)}&next_openid=${encodeURIComponent(nextOpenid)}`;
        return wechatJson<FollowerListPage>(url);
      });
    },

    /** Details of up to 100 followers; the raw user_info_list (callers keep only what they need). */
    async followerDetails(openids: readonly string[]): Promise<unknown[]> {
      return withToken(async (token) => {
        const url = `${API_BASE}/cgi-bin/user/info/batchget?access_token=${encodeURIComponent(token)}`;
        const body = { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) };
        const answer = await wechatJson<{ user_info_list?: unknown }>(url, postJson(body));
        if (!Array.isArray(answer.user_info_list)) fail({ code: 'bad_response' });
        return answer.user_info_list;
      });
    },
  };
}

export type WechatClient = ReturnType<typeof createWechatClient>;
