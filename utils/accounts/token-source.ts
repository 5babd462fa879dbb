import { browser } from 'wxt/browser';
import { apiBaseOf } from './relay';
import { fail } from '@/utils/messaging/app-error';
import { type StoredAccount } from './account';
import { pastedTokenItem } from '@/utils/storage/items';
import { openCredential } from './credential-seal';
import { originPermissionPattern } from './host-permission';
import { fetchServerToken, fetchedFromPasted } from './token-server';
import { type FetchedToken, fetchClassicToken, fetchStableToken } from '@/utils/wechat/token-endpoints';
import type { AccountClient, TokenSource, WechatClient } from '@/utils/wechat/client';

/** The AppSecret in the clear (secret_locked while the lock is closed). */
export async function accountSecret(account: StoredAccount): Promise<string> {
  return (await openCredential(account.appSecret, account.lockedSecret)) || fail({ code: 'credentials_missing' });
}

/** How this account gets a token; called only when the cache has none. */
export function accountTokenFetcher(account: StoredAccount): () => Promise<FetchedToken> {
  switch (account.tokenSource) {
    case 'server':
      return async () => {
        const server = account.tokenServer ?? fail({ code: 'token_server_url_invalid' });
        // Without the grant the fetch would fail as an opaque network error: say what to do instead.
        const granted = await browser.permissions.contains({ origins: [originPermissionPattern(server.url)] });
        if (!granted) fail({ code: 'token_server_permission_missing' });
        const headerValue = await openCredential(server.headerValue, server.lockedHeaderValue);
        return fetchServerToken({ url: server.url, ...(server.headerName && { headerName: server.headerName, headerValue }) });
      };
    case 'pasted':
      return async () => {
        const pasted = await pastedTokenItem(account.id).getValue();
        return (pasted && fetchedFromPasted(pasted)) ?? fail({ code: 'token_pasted_missing' });
      };
    case 'classic':
      return async () => fetchClassicToken({ appId: account.appId, appSecret: await accountSecret(account) }, apiBaseOf(account));
    default:
      return async () => fetchStableToken({ appId: account.appId, appSecret: await accountSecret(account) }, apiBaseOf(account));
  }
}

/**
 * What the WeChat client needs of one account, from the snapshot an operation took when it started:
 * whose token to cache, how to fetch one, where calls go. Built from that snapshot alone, so an account
 * switched or edited meanwhile never lends its AppID, token or relay to the operation.
 */
export async function accountTokenSource(account: StoredAccount): Promise<TokenSource> {
  // A relay not granted yet would fail as an opaque network error: say what to do instead.
  if (account.apiBase && !(await browser.permissions.contains({ origins: [originPermissionPattern(account.apiBase)] }))) {
    fail({ code: 'api_base_permission_missing' });
  }
  return { appId: account.appId, apiBase: apiBaseOf(account), fetchToken: accountTokenFetcher(account) };
}

/** The WeChat calls of one account snapshot: every call of the operation goes through what this returns. */
export async function accountClient(wechat: Pick<WechatClient, 'for'>, account: StoredAccount): Promise<AccountClient> {
  return wechat.for(await accountTokenSource(account));
}
