import { normaliseApiBase } from './relay';
import { fail } from '@/utils/messaging/app-error';
import { type StoredAccount, type StoredTokenServer, type TokenForgetter, type TokenSourceKind, TOKEN_SOURCES, hasSealedCredential } from './account';
import { accountsItem, currentAccountIdItem, lockCheckItem, lockKeyItem, pastedTokenItem } from '@/utils/storage/items';
import { loadAccounts } from './store';
import { storableCredential } from './credential-seal';
import type { PublicAccount, PublicSettings, SaveAccountInput } from '@/utils/messaging/messages';
import { isLockKey } from './secret-lock';
import { tokenServerHeaderProblem, tokenServerUrlProblem } from './token-server';

// WeChat issues AppIDs in lower case; an upper-case copy would only come back as 40013.
const APP_ID_PATTERN = /^wx[0-9a-f]{16}$/;
const APP_SECRET_PATTERN = /^[0-9a-z]{32}$/i;
/** Enough for any account name shown in a select. */
const MAX_NAME_LENGTH = 40;

async function publicAccount(account: StoredAccount): Promise<PublicAccount> {
  const pasted = account.tokenSource === 'pasted' ? await pastedTokenItem(account.id).getValue() : null;
  return {
    id: account.id,
    name: account.name,
    appId: account.appId,
    tokenSource: account.tokenSource,
    hasSecret: Boolean(account.appSecret || account.lockedSecret),
    ...(account.tokenServer && {
      tokenServerUrl: account.tokenServer.url,
      tokenServerHeaderName: account.tokenServer.headerName ?? '',
      hasTokenServerHeader: Boolean(account.tokenServer.headerValue || account.tokenServer.lockedHeaderValue),
    }),
    ...(pasted && { pastedTokenExpiresAt: pasted.expiresAt }),
    ...(account.apiBase && { apiBase: account.apiBase }),
  };
}

/** Is the account set up to get a token at all (a locked secret counts: unlocking is a separate step)? */
function configured(account: PublicAccount): boolean {
  if (account.tokenSource === 'server') return Boolean(account.tokenServerUrl);
  if (account.tokenSource === 'pasted') return true;
  return account.hasSecret;
}

/** What pages may know: names, AppIDs and sources; whether a secret is stored, never its value. */
export async function publicSettings(): Promise<PublicSettings> {
  const [{ accounts, current }, check, key] = await Promise.all([loadAccounts(), lockCheckItem.getValue(), lockKeyItem.getValue()]);
  const views = await Promise.all(accounts.map(publicAccount));
  const currentView = views.find((view) => view.id === current?.id);
  const unlocked = check !== null && isLockKey(key);
  return {
    appId: currentView?.appId ?? '',
    hasSecret: currentView?.hasSecret ?? false,
    tokenSource: currentView?.tokenSource ?? 'stable',
    configured: currentView ? configured(currentView) : false,
    currentAccountId: currentView?.id ?? null,
    accounts: views,
    lock: { enabled: check !== null, unlocked },
    needsUnlock: Boolean(current && hasSealedCredential(current)) && !unlocked,
  };
}

function tokenSourceOf(value: string): TokenSourceKind {
  return (TOKEN_SOURCES as readonly string[]).includes(value) ? (value as TokenSourceKind) : 'stable';
}

/**
 * Adds (no id) or edits an account. The AppSecret and the token-server header value are
 * write-only: empty keeps the stored one (for the same AppID). Servers and pasted tokens need no
 * AppSecret, so none is kept for them.
 */
export async function saveAccount(input: SaveAccountInput, tokens: TokenForgetter): Promise<PublicSettings> {
  const appId = input.appId.trim();
  if (!APP_ID_PATTERN.test(appId)) fail({ code: 'app_id_invalid', field: 'appId' });
  const name = (input.name ?? '').trim().slice(0, MAX_NAME_LENGTH) || appId;
  const tokenSource = tokenSourceOf(input.tokenSource);
  const { accounts, current } = await loadAccounts();
  const existing = input.id === undefined ? undefined : accounts.find((account) => account.id === input.id);
  if (input.id !== undefined && !existing) fail({ code: 'account_missing' });
  if (accounts.some((account) => account.appId === appId && account.id !== existing?.id)) fail({ code: 'account_app_id_taken', field: 'appId' });

  const apiBase = normaliseApiBase(input.apiBase);
  // The form's fields are rebuilt from the input; whatever it does not edit (the push server, its sealed
  // Token among them) stays as stored.
  const { appSecret: _secret, lockedSecret: _sealed, tokenServer: _server, apiBase: _relay, ...untouched }: Partial<StoredAccount> = existing ?? {};
  const account: StoredAccount = { ...untouched, id: existing?.id ?? crypto.randomUUID(), name, appId, tokenSource, ...(apiBase && { apiBase }) };
  if (tokenSource === 'stable' || tokenSource === 'classic') {
    const newSecret = input.appSecret?.trim() ?? '';
    if (newSecret !== '') {
      if (!APP_SECRET_PATTERN.test(newSecret)) fail({ code: 'app_secret_invalid', field: 'appSecret' });
      const stored = await storableCredential(newSecret);
      Object.assign(account, 'sealed' in stored ? { lockedSecret: stored.sealed } : { appSecret: stored.plain });
    } else if (existing?.appId === appId && (existing.appSecret || existing.lockedSecret)) {
      Object.assign(account, existing.appSecret ? { appSecret: existing.appSecret } : { lockedSecret: existing.lockedSecret });
    } else {
      fail({ code: 'app_secret_invalid', field: 'appSecret' });
    }
  }
  if (tokenSource === 'server') {
    const url = input.tokenServer?.url.trim() ?? '';
    const urlProblem = tokenServerUrlProblem(url);
    if (urlProblem) fail({ code: urlProblem, field: 'tokenServerUrl' });
    const headerName = input.tokenServer?.headerName?.trim() ?? '';
    const newValue = input.tokenServer?.headerValue?.trim() ?? '';
    const before = existing?.tokenServer?.headerName === headerName ? existing.tokenServer : undefined;
    let header: Pick<StoredTokenServer, 'headerValue' | 'lockedHeaderValue'> = {};
    if (newValue === '' && headerName !== '' && (before?.headerValue || before?.lockedHeaderValue)) {
      // Kept for the same header name: it was checked when saved (and cannot be read here when sealed).
      header = before.lockedHeaderValue ? { lockedHeaderValue: before.lockedHeaderValue } : { headerValue: before.headerValue };
    } else {
      const headerProblem = tokenServerHeaderProblem(headerName, newValue);
      if (headerProblem) fail({ code: headerProblem, field: 'tokenServerHeader' });
      if (newValue !== '') {
        const stored = await storableCredential(newValue);
        header = 'sealed' in stored ? { lockedHeaderValue: stored.sealed } : { headerValue: stored.plain };
      }
    }
    account.tokenServer = { url, ...(headerName && { headerName, ...header }) };
  }

  const next = existing ? accounts.map((one) => (one.id === existing.id ? account : one)) : [...accounts, account];
  await accountsItem.setValue(next);
  // The first account becomes current; adding another leaves the current one (the popup switches).
  if (!current) await currentAccountIdItem.setValue(account.id);
  // A token cached under an older secret, source or AppID must not outlive the change, nor one a fetch still out brings back.
  await Promise.all([tokens.forgetToken(appId), existing && existing.appId !== appId && tokens.forgetToken(existing.appId)]);
  return publicSettings();
}

export async function removeAccount(id: string, tokens: TokenForgetter): Promise<PublicSettings> {
  const { accounts, current } = await loadAccounts();
  const removed = accounts.find((account) => account.id === id) ?? fail({ code: 'account_missing' });
  const rest = accounts.filter((account) => account.id !== id);
  await accountsItem.setValue(rest);
  if (current?.id === id) await currentAccountIdItem.setValue(rest[0]?.id ?? null);
  await Promise.all([tokens.forgetToken(removed.appId), pastedTokenItem(id).removeValue()]);
  return publicSettings();
}

export async function switchAccount(id: string): Promise<PublicSettings> {
  const { accounts } = await loadAccounts();
  if (!accounts.some((account) => account.id === id)) fail({ code: 'account_missing' });
  await currentAccountIdItem.setValue(id);
  return publicSettings();
}
