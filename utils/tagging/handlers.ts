import { accountFor } from '@/utils/accounts/store';
import { accountClient } from '@/utils/accounts/token-source';
import { fail } from '@/utils/messaging/app-error';
import { publishJobProgress } from '@/utils/messaging/job-progress';
import type { MessageHandlers } from '@/utils/messaging/router';
import { codesOfAccount } from '@/utils/report/codes';
import { loadSnapshot } from '@/utils/storage/report-db';
import { channelGroups, deleteChannelGroup, saveChannelGroup } from '@/utils/storage/tagging-db';
import type { WechatClient } from '@/utils/wechat/client';
import { isOwnTagId, validateNewTagName, validateTagName } from '@/utils/wechat/tags-api';
import { type ChannelGroup, checkRule, matchingCodes, resolveRule } from './channel-group';
import { estimatePreview } from './preview';
import { type TaggingRunner, createTaggingRunner } from './runner';

type TaggingMessages =
  | 'followerTags'
  | 'createFollowerTag'
  | 'renameFollowerTag'
  | 'taggingEstimate'
  | 'startTagging'
  | 'taggingStatus'
  | 'confirmTagging'
  | 'pauseTagging'
  | 'resumeTagging'
  | 'cancelTagging'
  | 'undoTagging'
  | 'channelGroups'
  | 'deleteChannelGroup';

/** The background's tagging runner: each run's calls are its own account's, read by the id it started with. */
export function createBackgroundTagger(wechat: Pick<WechatClient, 'for'>): TaggingRunner {
  return createTaggingRunner({
    clientFor: async (run) => {
      const account = await accountFor(run.accountId);
      // The account was edited to another AppID since: its followers are not this run's.
      if (account.appId !== run.appId) fail({ code: 'account_missing' });
      return accountClient(wechat, account);
    },
    publish: (appId, view) => publishJobProgress('tagging', appId, view),
  });
}

/** Tagging followers by channel (issue #16): the account's tags, the channel groups, the runs. Each message names its account. */
export function taggingHandlers(
  wechat: Pick<WechatClient, 'for'>,
  runner: TaggingRunner,
  now: () => number = Date.now,
): Pick<MessageHandlers, TaggingMessages> {
  const clientOf = async (accountId?: string) => {
    const account = await accountFor(accountId);
    return { account, client: await accountClient(wechat, account) };
  };
  return {
    async followerTags({ accountId }) {
      const { client } = await clientOf(accountId);
      return client.tags();
    },

    /** The name is checked against the account's tags first: a duplicate or a 101st tag is explained before the call. */
    async createFollowerTag({ accountId, name }) {
      const { client } = await clientOf(accountId);
      return client.createTag(validateNewTagName(name, await client.tags()));
    },

    async renameFollowerTag({ accountId, id, name }) {
      const { client } = await clientOf(accountId);
      if (!isOwnTagId(id)) fail({ code: 'tag_system' });
      const valid = validateTagName(name);
      const tags = await client.tags();
      if (tags.some((tag) => tag.id !== id && tag.name === valid)) fail({ code: 'tag_name_taken', params: [valid] });
      await client.renameTag(id, valid);
      return client.tags();
    },

    /** Before any call: the codes a rule picks, and what the last report says of their followers. */
    async taggingEstimate({ accountId, rule }) {
      const { appId } = await accountFor(accountId);
      const codes = await codesOfAccount(appId);
      const scenes = resolveRule(rule, codes);
      const snapshot = await loadSnapshot(appId);
      return {
        codes: checkRule(rule).kind === 'scenes' ? 0 : matchingCodes(rule, codes).length,
        scenes: scenes.size,
        preview: snapshot ? estimatePreview(snapshot.counts, scenes, snapshot.total) : null,
      };
    },

    async startTagging({ accountId, rule, tag, groupName }) {
      const account = await accountFor(accountId);
      if (!isOwnTagId(tag.id)) fail({ code: 'tag_system' });
      const scenes = resolveRule(rule, await codesOfAccount(account.appId));
      let groupId: string | undefined;
      if (groupName?.trim()) {
        const group: ChannelGroup = {
          id: crypto.randomUUID(),
          appId: account.appId,
          name: groupName.trim(),
          rule: checkRule(rule),
          tagId: tag.id,
          createdAt: now(),
        };
        await saveChannelGroup(group);
        groupId = group.id;
      }
      return runner.start({ accountId: account.id, appId: account.appId, rule, scenes, tagId: tag.id, tagName: tag.name, ...(groupId && { groupId }) });
    },

    async taggingStatus({ accountId }) {
      return runner.current((await accountFor(accountId)).appId);
    },
    confirmTagging: ({ runId }) => runner.confirm(runId),
    pauseTagging: ({ runId }) => runner.pause(runId),
    resumeTagging: ({ runId }) => runner.resume(runId),
    cancelTagging: ({ runId }) => runner.cancel(runId),
    undoTagging: ({ runId }) => runner.undo(runId),

    async channelGroups({ accountId }) {
      return channelGroups((await accountFor(accountId)).appId);
    },
    async deleteChannelGroup({ accountId, id }) {
      const { appId } = await accountFor(accountId);
      if ((await channelGroups(appId)).some((group) => group.id === id)) await deleteChannelGroup(id);
      return channelGroups(appId);
    },
  };
}
