import { t } from '@/utils/i18n/t';
import type { ChannelRule } from '@/utils/tagging/channel-group';
import type { AccountBatch } from './useAccountBatches';

export type RuleKind = 'picked' | 'scenePrefix' | 'batch' | 'labelContains';

export interface RuleDraft {
  kind: RuleKind;
  prefix: string;
  batchId: string;
  text: string;
}

export const EMPTY_RULE: RuleDraft = { kind: 'picked', prefix: '', batchId: '', text: '' };

/** The rule the draft means: rows ticked in the table (by scene key), a scene prefix, a batch, a label text. */
export function ruleOf(draft: RuleDraft, picked: ReadonlySet<string>): ChannelRule {
  switch (draft.kind) {
    case 'picked':
      return { kind: 'scenes', keys: [...picked] };
    case 'scenePrefix':
      return { kind: 'scenePrefix', prefix: draft.prefix };
    case 'batch':
      return { kind: 'batch', batchId: draft.batchId };
    case 'labelContains':
      return { kind: 'labelContains', text: draft.text };
  }
}

/** Which codes' followers: the ticked rows, or a rule that can be saved as a channel group. */
export function RuleChooser({
  draft,
  picked,
  batches,
  onChange,
}: {
  draft: RuleDraft;
  picked: number;
  batches: AccountBatch[];
  onChange: (draft: RuleDraft) => void;
}) {
  const set = (patch: Partial<RuleDraft>) => onChange({ ...draft, ...patch });
  const option = (kind: RuleKind, label: string) => (
    <label class="choice">
      <input type="radio" name="tagRule" value={kind} checked={draft.kind === kind} onChange={() => set({ kind })} /> {label}
    </label>
  );
  return (
    <fieldset class="tag-rule">
      <legend>{t('tagging_rule')}</legend>
      {option('picked', t('tagging_rule_picked', [String(picked)]))}
      <div class="inline">
        {option('scenePrefix', t('tagging_rule_prefix'))}
        <input
          name="tagPrefix"
          value={draft.prefix}
          placeholder="store-"
          aria-label={t('tagging_rule_prefix')}
          onInput={(e) => set({ kind: 'scenePrefix', prefix: e.currentTarget.value })}
        />
      </div>
      <div class="inline">
        {option('batch', t('tagging_rule_batch'))}
        <select
          name="tagBatch"
          value={draft.batchId}
          aria-label={t('tagging_rule_batch')}
          onChange={(e) => set({ kind: 'batch', batchId: e.currentTarget.value })}
        >
          <option value="">{batches.length ? t('tagging_rule_batch_pick') : t('tagging_rule_batch_none')}</option>
          {batches.map((batch) => (
            <option key={batch.batchId} value={batch.batchId}>
              {t('tagging_rule_batch_option', [new Date(batch.createdAt).toLocaleString(), String(batch.codes), batch.sample])}
            </option>
          ))}
        </select>
      </div>
      <div class="inline">
        {option('labelContains', t('tagging_rule_label'))}
        <input
          name="tagLabelText"
          value={draft.text}
          aria-label={t('tagging_rule_label')}
          onInput={(e) => set({ kind: 'labelContains', text: e.currentTarget.value })}
        />
      </div>
    </fieldset>
  );
}
