import { fail } from './app-error';
import { storableCredential } from './credential-seal';
import { getCode } from './history-db';
import type { MessageHandlers } from './message-router';
import type { PublicPushServer, SavePushServerInput } from './messages';
import { currentPushServer, saveCurrentPushServer } from './push-server-store';
import type { StoredPushServer } from './settings-storage';
import { parseServerUrl, sendTestPush, verifyServer } from './test-push';

async function publicPushServer(): Promise<PublicPushServer> {
  const server = await currentPushServer();
  return { url: server?.url ?? '', originalId: server?.originalId ?? '', hasToken: Boolean(server?.token || server?.lockedToken) };
}

async function savePushServer(input: SavePushServerInput): Promise<PublicPushServer> {
  const url = parseServerUrl(input.url);
  const stored = await currentPushServer();
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
  await saveCurrentPushServer({ url, ...token, originalId: input.originalId.trim() });
  return publicPushServer();
}

type PushHandlers = Pick<MessageHandlers, 'getPushServer' | 'savePushServer' | 'sendTestPush' | 'verifyServer'>;

/** The background's answers about the account's own server (test pushes). */
export const pushHandlers: PushHandlers = {
  getPushServer: publicPushServer,
  savePushServer,
  async sendTestPush({ id, event }) {
    const record = await getCode(id);
    if (!record) fail({ code: 'record_missing' });
    return sendTestPush(record, event === 'SCAN' ? 'SCAN' : 'subscribe');
  },
  verifyServer,
};
