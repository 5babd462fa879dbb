import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messaging/messages';

/**
 * AppID → the operator's name for that account, asked of the background once after the first
 * render (history shows AppIDs until then, and for accounts since removed).
 */
export function useAccountNames(): Readonly<Record<string, string>> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    void sendMessage('getSettings').then((reply) => {
      if (reply.success) setNames(Object.fromEntries(reply.payload.accounts.map((account) => [account.appId, account.name])));
    });
  }, []);
  return names;
}
