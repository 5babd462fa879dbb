import { t } from '@/utils/i18n/t';
import type { ChannelGroup, ChannelRule } from '@/utils/tagging/channel-group';
import type { WechatTag } from '@/utils/wechat/tags-api';

function ruleText(rule: ChannelRule): string {
  switch (rule.kind) {
    case 'codes':
      return t('tagging_group_codes', [String(rule.codeIds.length)]);
    case 'scenes':
      return t('tagging_group_codes', [String(rule.keys.length)]);
    case 'scenePrefix':
      return t('tagging_group_prefix', [rule.prefix]);
    case 'batch':
      return t('tagging_group_batch');
    case 'labelContains':
      return t('tagging_group_label', [rule.text]);
  }
}

/** The account's saved channel groups: apply one again (only followers without its tag get it), or delete it. */
export function ChannelGroupList({
  groups,
  tags,
  busy,
  onApply,
  onDelete,
}: {
  groups: ChannelGroup[];
  tags: WechatTag[];
  busy: boolean;
  onApply: (group: ChannelGroup) => void;
  onDelete: (group: ChannelGroup) => void;
}) {
  if (groups.length === 0) return null;
  return (
    <section class="channel-groups" aria-labelledby="channel-groups-title">
      <h3 id="channel-groups-title">{t('tagging_groups')}</h3>
      <ul>
        {groups.map((group) => (
          <li key={group.id} data-group={group.name}>
            <strong>{group.name}</strong> · {ruleText(group.rule)} → {tags.find((tag) => tag.id === group.tagId)?.name ?? t('tagging_group_tag_gone')}{' '}
            <button type="button" name="applyGroup" disabled={busy} onClick={() => onApply(group)}>
              {t('tagging_group_apply')}
            </button>
            <button type="button" class="link" name="deleteGroup" disabled={busy} onClick={() => onDelete(group)}>
              {t('tagging_group_delete')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
