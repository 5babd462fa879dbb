import { fail } from '@/utils/messaging/app-error';
import { storableCredential } from '@/utils/accounts/credential-seal';
import { getCode } from '@/utils/storage/history-db';
import type { MessageHandlers } from '@/utils/messaging/router';
import type { PublicPushServer, SavePushServerInput } from '@/utils/messaging/messages';
import { accountOfAppId } from '@/utils/accounts/store';
import { pushServerOf, savePushServerOf } from './server-store';
import type { StoredPushServer } from './push-server';
import { parseServerUrl, sendTestPush, verifyServer } from './test-push';

async function publicPushServer(accountId?: string): Promise<PublicPushServer> {
  const { account, server } = await pushServerOf(accountId);
  return {
    accountId: account.id,
    accountName: account.name,
    url: server?.url ?? '',
    originalId: server?.originalId ?? '',
    hasToken: Boolean(server?.token || server?.lockedToken),
  };
}

async function savePushServer(input: SavePushServerInput): Promise<PublicPushServer> {
  const url = parseServerUrl(input.url);
  // Written only into the account named: never "whichever is current when the message arrives".
  if (!input.accountId) fail({ code: 'account_missing' });
  const { server: stored } = await pushServerOf(input.accountId);
  // Write-only like the AppSecret: a Token typed now (sealed if the lock is on), else the stored one for the same server.
  const typed = input.token?.trim() ?? '';
  let token: Pick<StoredPushServer, 'token' | 'lockedToken'> | undefined;
  if (typed !== '') {
    const storable = await storableCredential(typed);
    token = 'sealed' in storable ? { lockedToken: storable.sealed } : { token: storable.plain };
  } else if (stored?.url === url && (stored.token || stored.lockedToken)) {
    token = stored.lockedToken ? { lockedToken: stored.lockedToken } : { token: stored.token };
  }
  if (!token) fail({ code: 'push_not_configured', field: 'pushToken' });
  await savePushServerOf(input.accountId, { url, ...token, originalId: input.originalId.trim() });
  return publicPushServer(input.accountId);
}

type PushHandlers = Pick<MessageHandlers, 'getPushServer' | 'savePushServer' | 'sendTestPush' | 'verifyServer'>;

/** The background's answers about the account's own server (test pushes). */
export const pushHandlers: PushHandlers = {
  getPushServer: ({ accountId }) => publicPushServer(accountId),
  savePushServer,
  /** To the server of the account the code was created in, whichever account is current. */
  async sendTestPush({ id, event }) {
    const record = await getCode(id);
    if (!record) fail({ code: 'record_missing' });
    const account = await accountOfAppId(record.appId);
    return sendTestPush(account.pushServer ?? null, record, event === 'SCAN' ? 'SCAN' : 'subscribe');
  },
  verifyServer: async ({ accountId }) => verifyServer((await pushServerOf(accountId)).server),
};
