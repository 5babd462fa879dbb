import type { TokenSourceKind } from '@/utils/accounts/account';
import { originPermissionPattern } from '@/utils/accounts/host-permission';
import { tokenServerUrlProblem } from '@/utils/accounts/token-server';
import type { PublicAccount, SaveAccountInput } from '@/utils/messaging/messages';

/** What the account form holds while the operator types. The secrets start empty: they are write-only. */
export interface AccountFormValues {
  name: string;
  appId: string;
  appSecret: string;
  /** The AppSecret field is open for a new secret (none is stored yet, or "replace" was pressed). */
  replacing: boolean;
  tokenSource: TokenSourceKind;
  serverUrl: string;
  headerName: string;
  headerValue: string;
  apiBase: string;
}

export function initialValues(account?: PublicAccount): AccountFormValues {
  return {
    name: account?.name ?? '',
    appId: account?.appId ?? '',
    appSecret: '',
    replacing: !account?.hasSecret,
    tokenSource: account?.tokenSource ?? 'stable',
    serverUrl: account?.tokenServerUrl ?? '',
    headerName: account?.tokenServerHeaderName ?? '',
    headerValue: '',
    apiBase: account?.apiBase ?? '',
  };
}

/** The stable and classic sources fetch tokens with the AppSecret; the others need none. */
export function usesSecret(source: TokenSourceKind): boolean {
  return source === 'stable' || source === 'classic';
}

/** The message that saves the form: only what the chosen source uses, the AppSecret only when a new one was typed. */
export function saveInput(values: AccountFormValues, id?: string): SaveAccountInput {
  const { name, appId, appSecret, replacing, tokenSource, serverUrl, headerName, headerValue, apiBase } = values;
  return {
    id,
    name,
    appId,
    appSecret: usesSecret(tokenSource) && replacing ? appSecret : undefined,
    tokenSource,
    tokenServer: tokenSource === 'server' ? { url: serverUrl, headerName, headerValue } : undefined,
    apiBase,
  };
}

/** The host permissions saving needs: exactly the token server's and the relay's origins (an unusable URL is the background's to explain). */
export function permissionOrigins(values: AccountFormValues): string[] {
  return [values.tokenSource === 'server' ? values.serverUrl : '', values.apiBase]
    .filter((url) => url.trim() !== '' && !tokenServerUrlProblem(url))
    .map(originPermissionPattern);
}
