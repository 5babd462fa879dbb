import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messaging/messages';
import type { ChannelGroup } from '@/utils/tagging/channel-group';

/** The account's channel groups, kept by the background; read again after a run starts (it may have saved one). */
export function useChannelGroups(accountId: string | undefined) {
  const [groups, setGroups] = useState<ChannelGroup[]>([]);
  const reload = async () => {
    if (!accountId) return setGroups([]);
    const reply = await sendMessage('channelGroups', { accountId });
    if (reply.success) setGroups(reply.payload);
  };
  useEffect(() => void reload(), [accountId]);
  async function remove(id: string) {
    if (!accountId) return;
    const reply = await sendMessage('deleteChannelGroup', { accountId, id });
    if (reply.success) setGroups(reply.payload);
  }
  return { groups, reload, remove };
}

export type ChannelGroups = ReturnType<typeof useChannelGroups>;
