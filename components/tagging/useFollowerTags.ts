import { useEffect, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { sendMessage } from '@/utils/messaging/messages';
import type { WechatTag } from '@/utils/wechat/tags-api';

/** The account's follower tags (tags/get) with their counts; creating and renaming one. */
export function useFollowerTags(accountId: string) {
  const [tags, setTags] = useState<WechatTag[]>();
  const [error, setError] = useState<AppError>();

  async function load() {
    const reply = await sendMessage('followerTags', { accountId });
    if (reply.success) setTags(reply.payload);
    setError(reply.success ? undefined : reply.error);
  }

  useEffect(() => {
    setTags(undefined);
    void load();
  }, [accountId]);

  async function create(name: string): Promise<WechatTag | undefined> {
    const reply = await sendMessage('createFollowerTag', { accountId, name });
    setError(reply.success ? undefined : reply.error);
    if (!reply.success) return undefined;
    await load();
    return reply.payload;
  }

  async function rename(id: number, name: string): Promise<boolean> {
    const reply = await sendMessage('renameFollowerTag', { accountId, id, name });
    setError(reply.success ? undefined : reply.error);
    if (reply.success) setTags(reply.payload);
    return reply.success;
  }

  return { tags, error, create, rename, reload: load };
}
