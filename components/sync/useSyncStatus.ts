import { useEffect, useState } from 'preact/hooks';
import { useJobProgress } from '@/components/jobs/useJobProgress';
import { sendMessage } from '@/utils/messaging/messages';
import type { PublicSyncSettings } from '@/utils/sync/sync-settings';
import type { SyncStatus } from '@/utils/sync/sync-status';

/**
 * One account's sync status for a page: asked of the background once (whether sync is set up, and
 * the status as it is), then followed on the progress channel (kind 'sync', keyed by AppID).
 */
export function useSyncStatus(accountId: string | undefined, appId: string | undefined) {
  const [settings, setSettings] = useState<PublicSyncSettings>();
  const [asked, setAsked] = useState<SyncStatus>();
  const live = useJobProgress('sync', appId);

  useEffect(() => {
    void sendMessage('getSyncSettings').then((reply) => reply.success && setSettings(reply.payload));
  }, []);

  useEffect(() => {
    setAsked(undefined);
    if (!accountId || !settings?.configured) return;
    void sendMessage('syncStatus', { accountId }).then((reply) => reply.success && setAsked(reply.payload));
  }, [accountId, settings?.configured]);

  const status = live ?? (asked?.appId === appId ? asked : undefined);
  return { configured: settings?.configured, status };
}
