/**
 * Channel groups (issue #16): which codes' followers to tag, as a rule the operator saves per account
 * and applies again later. A rule resolves against the account's codes in local history to a set of
 * scene keys (`id:<n>` / `str:<s>`, utils/report/follower-report.ts), and a follower matches when the
 * scene of their latest follow is in the set: the same attribution as the channel report, so the
 * preview's numbers agree with the report's rows.
 *
 * Decisions:
 * - Number and text scenes never mix: the code with scene_id 42 and the code with scene_str "42"
 *   are different channels, as they are different rows in the report.
 * - WeChat names the scene, not the code: codes of one scene and kind (a renewed temporary code, a
 *   code made twice) bring the same followers, so choosing one of them tags the followers of all.
 * - A scene prefix is compared with the scene WeChat knows: the text of a scene_str, the number of a
 *   scene_id without leading zeros ("007" is 7). It applies to both kinds: "10" matches 10, 101 and
 *   "10-north". It is matched exactly, spaces included (a scene is exact text).
 * - "Label contains" ignores case and the spaces around the text; it looks at the code's name (备注名).
 * - Rows of scenes made elsewhere (no code in history) are chosen by their scene key (`scenes`).
 * - A rule that matches no code fails with tag_rule_matches_nothing before any call is made.
 */
import { fail } from '@/utils/messaging/app-error';
import type { QrCodeRecord } from '@/utils/codes/record';
import { type SceneKey, codeSceneKey } from '@/utils/report/follower-report';

export type ChannelRule =
  /** One or several codes chosen on the report, by their id in history. */
  | { kind: 'codes'; codeIds: string[] }
  /** Report rows without a code in history, by scene key. */
  | { kind: 'scenes'; keys: SceneKey[] }
  | { kind: 'scenePrefix'; prefix: string }
  /** Every code one batch made (the record's batchId). */
  | { kind: 'batch'; batchId: string }
  | { kind: 'labelContains'; text: string };

/** A rule saved for one account, with the tag it puts on the followers it matches. */
export interface ChannelGroup {
  id: string;
  appId: string;
  name: string;
  rule: ChannelRule;
  tagId: number;
  createdAt: number;
}

type RuleCode = Pick<QrCodeRecord, 'id' | 'actionName' | 'scene' | 'label' | 'batchId'>;

/** The rule as the operator meant it: nothing empty, label text trimmed; tag_rule_invalid otherwise. */
export function checkRule(rule: ChannelRule): ChannelRule {
  switch (rule.kind) {
    case 'codes':
      if (rule.codeIds.length === 0) fail({ code: 'tag_rule_invalid' });
      return { kind: 'codes', codeIds: [...new Set(rule.codeIds)] };
    case 'scenes':
      if (rule.keys.length === 0 || !rule.keys.every((key) => /^(id:[1-9]\d*|str:.+)$/s.test(key))) fail({ code: 'tag_rule_invalid' });
      return { kind: 'scenes', keys: [...new Set(rule.keys)] };
    case 'scenePrefix':
      if (rule.prefix === '') fail({ code: 'tag_rule_invalid' });
      return rule;
    case 'batch':
      if (rule.batchId === '') fail({ code: 'tag_rule_invalid' });
      return rule;
    case 'labelContains': {
      const text = rule.text.trim();
      if (text === '') fail({ code: 'tag_rule_invalid' });
      return { kind: 'labelContains', text };
    }
  }
}

/** The scene as WeChat knows it: a key's part after `id:` / `str:`. */
const sceneOfKey = (key: SceneKey) => key.slice(key.indexOf(':') + 1);

function codeMatches(rule: ChannelRule, code: RuleCode): boolean {
  switch (rule.kind) {
    case 'codes':
      return rule.codeIds.includes(code.id);
    case 'scenes':
      return false;
    case 'scenePrefix':
      return sceneOfKey(codeSceneKey(code)).startsWith(rule.prefix);
    case 'batch':
      return code.batchId === rule.batchId;
    case 'labelContains':
      return code.label.toLowerCase().includes(rule.text.toLowerCase());
  }
}

/** The codes of `codes` (one account's history) the rule picks. */
export function matchingCodes<C extends RuleCode>(rule: ChannelRule, codes: readonly C[]): C[] {
  const checked = checkRule(rule);
  return codes.filter((code) => codeMatches(checked, code));
}

/**
 * The scene keys whose followers the rule tags. Checked first (tag_rule_invalid), and a rule that
 * matches nothing fails with tag_rule_matches_nothing, so the operator hears it before any call.
 */
export function resolveRule(rule: ChannelRule, codes: readonly RuleCode[]): Set<SceneKey> {
  const checked = checkRule(rule);
  const keys = checked.kind === 'scenes' ? checked.keys : matchingCodes(checked, codes).map(codeSceneKey);
  if (keys.length === 0) fail({ code: 'tag_rule_matches_nothing' });
  return new Set(keys);
}
