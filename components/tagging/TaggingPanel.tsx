import { useEffect, useState } from 'preact/hooks';
import type { AppError } from '@/utils/messaging/app-error';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import type { ChannelGroup } from '@/utils/tagging/channel-group';
import type { TaggingPreview } from '@/utils/tagging/preview';
import type { WechatTag } from '@/utils/wechat/tags-api';
import { ErrorAlert } from '@/components/shared/ErrorAlert';
import { ChannelGroupList } from './ChannelGroupList';
import { EMPTY_RULE, type RuleDraft, RuleChooser, ruleOf } from './RuleChooser';
import { TagChooser } from './TagChooser';
import { TaggingRunView } from './TaggingRunView';
import { useAccountBatches } from './useAccountBatches';
import type { ChannelGroups } from './useChannelGroups';
import { useFollowerTags } from './useFollowerTags';
import { useTaggingRun } from './useTaggingRun';

interface Estimate {
  codes: number;
  scenes: number;
  preview: TaggingPreview | null;
}

/**
 * 给这些码带来的粉丝打标签 (issue #16), on the report page of one account: which codes (ticked rows or a
 * rule, saved as a channel group if named), which tag, what the last report says first; then the run
 * in the background, followed here. After it, 群发 → 按标签选择 in 公众平台 reaches them.
 */
export function TaggingPanel({
  accountId,
  appId,
  picked,
  groups,
  onReportStored,
}: {
  accountId: string;
  appId: string;
  picked: ReadonlySet<string>;
  groups: ChannelGroups;
  /** A finished scan left a new report snapshot: the page shows it. */
  onReportStored: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(EMPTY_RULE);
  const [tag, setTag] = useState<WechatTag>();
  const [groupName, setGroupName] = useState('');
  const [estimate, setEstimate] = useState<Estimate | AppError>();
  const tags = useFollowerTags(accountId);
  const batches = useAccountBatches(appId);
  const { run, error, busy, command } = useTaggingRun(accountId, appId);
  const rule = ruleOf(draft, picked);
  const ruleKey = JSON.stringify(rule);

  // What the rule picks, asked again whenever it changes: a rule matching nothing is said before any call.
  useEffect(() => {
    if (isEmptyRule(draft, picked)) return setEstimate(undefined);
    void sendMessage('taggingEstimate', { accountId, rule }).then((reply) => setEstimate(reply.success ? reply.payload : reply.error));
  }, [accountId, ruleKey]);

  // The scan read every follower, and its counts are now the report's: the table and chart show them.
  useEffect(() => {
    if (run?.reportStored) onReportStored();
  }, [run?.id, run?.reportStored]);

  // A run that ended changed the tags' counts: read them again.
  useEffect(() => {
    if (run?.phase === 'done') void tags.reload();
  }, [run?.id, run?.phase]);

  const unfinished = run && (run.phase === 'scanning' || run.phase === 'confirm' || run.phase === 'tagging');
  const canStart = !busy && !unfinished && tag !== undefined && estimate !== undefined && !('code' in estimate);

  async function start(startRule = rule, startTag = tag, name = draft.kind === 'picked' ? '' : groupName) {
    if (!startTag) return;
    if (await command('startTagging', { accountId, rule: startRule, tag: { id: startTag.id, name: startTag.name }, ...(name.trim() && { groupName: name }) })) {
      setGroupName('');
      void groups.reload();
    }
  }

  function apply(group: ChannelGroup) {
    const groupTag = tags.tags?.find((one) => one.id === group.tagId);
    if (groupTag) void start(group.rule, groupTag, '');
  }

  return (
    <section class="tagging" aria-labelledby="tagging-title">
      <h2 id="tagging-title">{t('tagging_title')}</h2>
      <p class="hint">{t('tagging_intro')}</p>
      {run && <TaggingRunView run={run} busy={busy} onAction={(action) => void command(action, { runId: run.id })} />}
      {error && <ErrorAlert error={error} accountId={accountId} />}
      {tags.error && <ErrorAlert error={tags.error} accountId={accountId} />}
      {!unfinished && (
        <form
          class="tagging-setup"
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <RuleChooser draft={draft} picked={picked.size} batches={batches} onChange={setDraft} />
          {estimate && 'code' in estimate && <ErrorAlert error={estimate} accountId={accountId} />}
          {estimate && !('code' in estimate) && (
            <p class="hint" data-testid="tagging-estimate">
              {estimate.preview
                ? t('tagging_estimate', [String(estimate.codes || estimate.scenes), estimate.preview.matching.toLocaleString()])
                : t('tagging_estimate_no_report', [String(estimate.codes || estimate.scenes)])}
            </p>
          )}
          {tags.tags && <TagChooser tags={tags.tags} tagId={tag?.id} onPick={setTag} create={tags.create} rename={tags.rename} />}
          {draft.kind !== 'picked' && (
            <label class="field">
              <span>{t('tagging_group_name')}</span>
              <input name="groupName" value={groupName} placeholder={t('tagging_group_name_hint')} onInput={(e) => setGroupName(e.currentTarget.value)} />
            </label>
          )}
          <button type="submit" class="primary" disabled={!canStart}>
            {t('tagging_read')}
          </button>
        </form>
      )}
      <ChannelGroupList
        groups={groups.groups}
        tags={tags.tags ?? []}
        busy={busy || Boolean(unfinished)}
        onApply={apply}
        onDelete={(group) => void groups.remove(group.id)}
      />
    </section>
  );
}

/** Nothing to ask about yet: no row ticked, or the rule's field still empty. */
function isEmptyRule(draft: RuleDraft, picked: ReadonlySet<string>): boolean {
  if (draft.kind === 'picked') return picked.size === 0;
  if (draft.kind === 'scenePrefix') return draft.prefix === '';
  if (draft.kind === 'batch') return draft.batchId === '';
  return draft.text.trim() === '';
}
