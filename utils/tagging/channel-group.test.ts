import { describe, expect, it } from 'vitest';
import { code } from '@/test/unit/records';
import { followerSceneKey } from '@/utils/report/follower-report';
import { type ChannelRule, checkRule, matchingCodes, resolveRule } from './channel-group';

const CODES = [
  code('a', { scene: 'store-1', label: 'Store One 门店', batchId: 'b1' }),
  code('b', { scene: 'store-2', label: 'store two', batchId: 'b1' }),
  code('c', { scene: 'poster-store', label: '海报', batchId: 'b2' }),
  code('n42', { actionName: 'QR_LIMIT_SCENE', scene: '42', label: '地铁' }),
  code('n007', { actionName: 'QR_SCENE', scene: '007', label: '地铁 old' }),
  code('n101', { actionName: 'QR_LIMIT_SCENE', scene: '101', label: '' }),
  code('s42', { actionName: 'QR_LIMIT_STR_SCENE', scene: '42', label: '' }),
];

const ids = (rule: ChannelRule) => matchingCodes(rule, CODES).map((c) => c.id);
const keys = (rule: ChannelRule) => [...resolveRule(rule, CODES)].sort();

describe('channel-group rules → codes', () => {
  it('one or several codes by id', () => {
    expect(ids({ kind: 'codes', codeIds: ['b'] })).toEqual(['b']);
    expect(ids({ kind: 'codes', codeIds: ['a', 'n42', 'a'] })).toEqual(['a', 'n42']);
  });

  it('a batch: every code whose batchId is it', () => {
    expect(ids({ kind: 'batch', batchId: 'b1' })).toEqual(['a', 'b']);
  });

  it('a scene prefix is matched at the start, exactly (case and spaces count)', () => {
    expect(ids({ kind: 'scenePrefix', prefix: 'store-' })).toEqual(['a', 'b']);
    expect(ids({ kind: 'scenePrefix', prefix: 'Store-' })).toEqual([]);
    expect(ids({ kind: 'scenePrefix', prefix: ' store-' })).toEqual([]);
  });

  it('a prefix looks at the number WeChat knows: "0" does not match scene_id 007 (it is 7), "7" does; and it matches text scenes of digits too', () => {
    expect(ids({ kind: 'scenePrefix', prefix: '0' })).toEqual([]);
    expect(ids({ kind: 'scenePrefix', prefix: '7' })).toEqual(['n007']);
    expect(ids({ kind: 'scenePrefix', prefix: '4' })).toEqual(['n42', 's42']);
    expect(ids({ kind: 'scenePrefix', prefix: '10' })).toEqual(['n101']);
  });

  it('label contains: anywhere in the name, ignoring case and the spaces around the text', () => {
    expect(ids({ kind: 'labelContains', text: ' STORE ' })).toEqual(['a', 'b']);
    expect(ids({ kind: 'labelContains', text: '地铁' })).toEqual(['n42', 'n007']);
    expect(ids({ kind: 'labelContains', text: '门店' })).toEqual(['a']);
  });
});

describe('resolveRule: codes → scene keys', () => {
  it('number and text scenes never mix: scene_id 42 and scene_str "42" are two keys', () => {
    expect(keys({ kind: 'codes', codeIds: ['n42'] })).toEqual(['id:42']);
    expect(keys({ kind: 'codes', codeIds: ['s42'] })).toEqual(['str:42']);
    expect(keys({ kind: 'scenePrefix', prefix: '4' })).toEqual(['id:42', 'str:42']);
  });

  it('number scenes are keyed without leading zeros, as followers answer them', () => {
    expect(keys({ kind: 'codes', codeIds: ['n007'] })).toEqual(['id:7']);
    expect(followerSceneKey({ openid: 'o', subscribe: 1, qr_scene: 7 })).toBe('id:7');
  });

  it('a follower matches by the key of their latest follow: qr_scene 42 is the number code, qr_scene_str "42" the text code', () => {
    const numberCode = resolveRule({ kind: 'codes', codeIds: ['n42'] }, CODES);
    expect(numberCode.has(followerSceneKey({ openid: 'o', subscribe: 1, qr_scene: 42, qr_scene_str: '' })!)).toBe(true);
    expect(numberCode.has(followerSceneKey({ openid: 'o', subscribe: 1, qr_scene: 0, qr_scene_str: '42' })!)).toBe(false);
  });

  it('report rows made elsewhere are chosen by their scene keys', () => {
    expect(keys({ kind: 'scenes', keys: ['str:elsewhere', 'id:9', 'id:9'] })).toEqual(['id:9', 'str:elsewhere']);
  });

  it('a rule matching no code fails with tag_rule_matches_nothing (before any call)', () => {
    expect(() => resolveRule({ kind: 'scenePrefix', prefix: 'nothing-' }, CODES)).toThrow('tag_rule_matches_nothing');
    expect(() => resolveRule({ kind: 'codes', codeIds: ['gone'] }, CODES)).toThrow('tag_rule_matches_nothing');
    expect(() => resolveRule({ kind: 'batch', batchId: 'b1' }, [])).toThrow('tag_rule_matches_nothing');
  });
});

describe('checkRule', () => {
  it.each<ChannelRule>([
    { kind: 'codes', codeIds: [] },
    { kind: 'scenes', keys: [] },
    { kind: 'scenes', keys: ['42'] },
    { kind: 'scenes', keys: ['id:007'] },
    { kind: 'scenePrefix', prefix: '' },
    { kind: 'batch', batchId: '' },
    { kind: 'labelContains', text: '  ' },
  ])('refuses an empty or malformed rule with tag_rule_invalid: %o', (rule) => {
    expect(() => checkRule(rule)).toThrow('tag_rule_invalid');
  });

  it('keeps a good rule, the label text trimmed', () => {
    expect(checkRule({ kind: 'labelContains', text: ' 门店 ' })).toEqual({ kind: 'labelContains', text: '门店' });
    expect(checkRule({ kind: 'scenePrefix', prefix: 'store-' })).toEqual({ kind: 'scenePrefix', prefix: 'store-' });
  });
});
