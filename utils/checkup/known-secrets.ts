import type { StoredAccount } from '@/utils/accounts/account';
import { openCredential } from '@/utils/accounts/credential-seal';
import { pastedTokenItem, tokenItem } from '@/utils/storage/items';

/**
 * Every secret value of an account the background can see now: the AppSecret, the token server's
 * header value, the cached and the pasted token. Redaction by name (redact.ts) catches them where
 * they are named; these catch them where they are not (a relay echoing a header into a body, say).
 * A sealed value while the lock is closed cannot be opened, and then cannot have been sent either.
 */
export async function knownSecrets(account: StoredAccount): Promise<string[]> {
  const opened = (plain: string | undefined, sealed: Parameters<typeof openCredential>[1]) => openCredential(plain, sealed).catch(() => undefined);
  const values = await Promise.all([
    opened(account.appSecret, account.lockedSecret),
    opened(account.tokenServer?.headerValue, account.tokenServer?.lockedHeaderValue),
    tokenItem(account.appId)
      .getValue()
      .then((cached) => cached?.accessToken),
    pastedTokenItem(account.id)
      .getValue()
      .then((pasted) => pasted?.accessToken),
  ]);
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}
