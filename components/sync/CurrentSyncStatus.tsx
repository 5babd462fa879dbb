import { useEffect, useState } from 'preact/hooks';
import { type PublicAccount, sendMessage } from '@/utils/messaging/messages';
import { SyncStatusBar } from './SyncStatusBar';

/** The current account's sync status, for a page that does not otherwise read the settings (history). */
export function CurrentSyncStatus() {
  const [account, setAccount] = useState<PublicAccount | null>();
  useEffect(() => {
    void sendMessage('getSettings').then((reply) => {
      if (reply.success) setAccount(reply.payload.accounts.find((one) => one.id === reply.payload.currentAccountId) ?? null);
    });
  }, []);
  if (!account) return null;
  return <SyncStatusBar accountId={account.id} appId={account.appId} />;
}
