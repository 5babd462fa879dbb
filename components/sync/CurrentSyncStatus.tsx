import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messaging/messages';
import { SyncStatusBar } from './SyncStatusBar';

/** The sync status of the current account, for pages that do not already know it (the history page). */
export function CurrentSyncStatus() {
  const [current, setCurrent] = useState<{ id: string; appId: string }>();
  useEffect(() => {
    void sendMessage('getSettings').then((reply) => {
      if (!reply.success) return;
      const account = reply.payload.accounts.find((one) => one.id === reply.payload.currentAccountId);
      if (account) setCurrent({ id: account.id, appId: account.appId });
    });
  }, []);
  return current ? <SyncStatusBar accountId={current.id} appId={current.appId} /> : null;
}
