import { API_BASE, postJson, unreadableAnswer, wechatJson } from './http';
import { fail } from '@/utils/messaging/app-error';

/** What WeChat's token endpoints need. */
export interface Credentials {
  appId: string;
  appSecret: string;
}

export interface FetchedToken {
  accessToken: string;
  /** Remaining lifetime in seconds, as WeChat reports it (the stable token reports what is left). */
  expiresIn: number;
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
}

/** The token in an answer; without one, the answer is unreadable in the words of whoever gave it (WeChat or the relay). */
function parseToken(body: TokenResponse, url: string): FetchedToken {
  if (typeof body.access_token !== 'string' || body.access_token === '') fail(unreadableAnswer(url));
  const expiresIn = Number(body.expires_in);
  return { accessToken: body.access_token, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200 };
}

/**
 * The stable token (contract §3): isolated from /cgi-bin/token, so it never breaks the account's own
 * server. force_refresh stays false: a forced refresh invalidates the previous stable token and is
 * rationed to 20 a day, so it is never sent automatically.
 */
export async function fetchStableToken({ appId, appSecret }: Credentials, apiBase: string = API_BASE): Promise<FetchedToken> {
  const body = { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false };
  const url = `${apiBase}/cgi-bin/stable_token`;
  return parseToken(await wechatJson<TokenResponse>(url, postJson(body)), url);
}

/** The classic token: each call invalidates the one issued before it. Only when the operator chose it. */
export async function fetchClassicToken({ appId, appSecret }: Credentials, apiBase: string = API_BASE): Promise<FetchedToken> {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret });
  const url = `${apiBase}/cgi-bin/token?${query}`;
  return parseToken(await wechatJson<TokenResponse>(url), url);
}
