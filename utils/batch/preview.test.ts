import { beforeEach, describe, expect, it } from 'vitest';
import { resetHistoryDatabase } from '@/test/unit/helpers';
import type { BatchRow } from './input';
import { type BatchSettings, type ExistingPermanent, PERMANENT_CODES_CAP, existingPermanentScenes, permanentSceneKey, previewBatch } from './preview';
import { saveCode } from '@/utils/storage/history-db';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { ActionName } from '@/utils/wechat/qr-request';

const APP = 'wx0000000000000001';
const NONE: ExistingPermanent = { permanentScenes: new Set(), permanentCount: 0 };

function rows(...scenes: string[]): BatchRow[] {
  return scenes.map((scene, index) => ({ scene, label: `L${index + 1}`, row: index + 1 }));
}

function settings(actionName: ActionName, expireSeconds: number | string | undefined = 86400): BatchSettings {
  return { actionName, expireSeconds, appId: APP };
}

describe('previewBatch', () => {
  it('passes valid string scenes through, with labels and source rows', () => {
    const preview = previewBatch(rows('store-001', '门店2'), settings('QR_STR_SCENE'), NONE);
    expect(preview.rows).toEqual([
      { status: 'ok', index: 0, row: 1, scene: 'store-001', label: 'L1' },
      { status: 'ok', index: 1, row: 2, scene: '门店2', label: 'L2' },
    ]);
    expect(preview.expireSeconds).toBe(86400);
    expect(preview.settingsError).toBeUndefined();
    expect(preview.summary).toEqual({
      total: 2,
      valid: 2,
      invalid: 0,
      duplicates: 0,
      existing: 0,
      permanentAfter: 0,
      wouldExceedPermanentCap: false,
    });
  });

  it('gives qr-request reasons with their params: empty, not a number, out of range, too long', () => {
    const tooLong = '场'.repeat(22); // 66 UTF-8 bytes
    const ids = previewBatch(rows('', 'abc', '0', '4294967296', '12'), settings('QR_SCENE'), NONE).rows;
    expect(ids.map((row) => (row.status === 'ok' ? 'ok' : [row.reason, row.params]))).toEqual([
      ['scene_empty', undefined],
      ['scene_id_not_integer', ['1', '4294967295']],
      ['scene_id_range', ['1', '4294967295']],
      ['scene_id_range', ['1', '4294967295']],
      'ok',
    ]);
    const permanentIds = previewBatch(rows('100000', '100001'), settings('QR_LIMIT_SCENE'), NONE).rows;
    expect(permanentIds[0]!.status).toBe('ok');
    expect(permanentIds[1]).toMatchObject({ status: 'invalid', reason: 'scene_id_range', params: ['1', '100000'] });
    const strings = previewBatch(rows('', tooLong), settings('QR_STR_SCENE'), NONE);
    expect(strings.rows[0]).toMatchObject({ reason: 'scene_empty' });
    expect(strings.rows[1]).toMatchObject({ status: 'invalid', reason: 'scene_str_too_long', params: ['66', '64'], scene: tooLong });
    expect(strings.summary).toMatchObject({ total: 2, valid: 0, invalid: 2 });
  });

  it('sends scene_ids canonical, so "007" and "7" are duplicates', () => {
    const preview = previewBatch(rows('007', ' 7 ', '8'), settings('QR_SCENE'), NONE);
    expect(preview.rows[0]).toMatchObject({ status: 'ok', scene: '7', duplicateRows: [2] });
    expect(preview.rows[1]).toMatchObject({ status: 'invalid', reason: 'duplicate', params: ['1'], row: 2, scene: ' 7 ' });
    expect(preview.summary).toMatchObject({ valid: 2, duplicates: 1 });
  });

  it('names both rows of a duplicate (source rows, not batch positions), keeping the first', () => {
    const batch: BatchRow[] = [
      { scene: 'a', label: '', row: 2 },
      { scene: 'b', label: '', row: 3 },
      { scene: 'a', label: '', row: 7 },
      { scene: 'a', label: '', row: 9 },
    ];
    const preview = previewBatch(batch, settings('QR_STR_SCENE'), NONE);
    expect(preview.rows[0]).toMatchObject({ status: 'ok', row: 2, duplicateRows: [7, 9] });
    expect(preview.rows[2]).toMatchObject({ status: 'invalid', reason: 'duplicate', row: 7, params: ['2'] });
    expect(preview.rows[3]).toMatchObject({ status: 'invalid', reason: 'duplicate', row: 9, params: ['2'] });
    expect(preview.summary).toMatchObject({ total: 4, valid: 2, invalid: 0, duplicates: 2 });
  });

  it('does not call an invalid scene a duplicate: each copy gets its own reason', () => {
    const preview = previewBatch(rows('x', 'x'), settings('QR_SCENE'), NONE);
    expect(preview.rows.map((row) => row.status === 'invalid' && row.reason)).toEqual(['scene_id_not_integer', 'scene_id_not_integer']);
    expect(preview.summary).toMatchObject({ invalid: 2, duplicates: 0 });
  });

  it('refuses permanent scenes history already has, of the same kind only', () => {
    const existing: ExistingPermanent = {
      permanentScenes: new Set([permanentSceneKey('QR_LIMIT_STR_SCENE', 'a'), permanentSceneKey('QR_LIMIT_SCENE', '5')]),
      permanentCount: 2,
    };
    const strings = previewBatch(rows('a', 'b', '5', 'a'), settings('QR_LIMIT_STR_SCENE'), existing);
    expect(strings.rows.map((row) => (row.status === 'ok' ? 'ok' : row.reason))).toEqual(['permanent_exists', 'ok', 'ok', 'permanent_exists']);
    expect(strings.summary).toEqual({
      total: 4,
      valid: 2,
      invalid: 0,
      duplicates: 0,
      existing: 2,
      permanentAfter: 4,
      wouldExceedPermanentCap: false,
    });
    expect(previewBatch(rows('05'), settings('QR_LIMIT_SCENE'), existing).rows[0]).toMatchObject({ reason: 'permanent_exists' });
    // Temporary codes may repeat a scene freely.
    expect(previewBatch(rows('a'), settings('QR_STR_SCENE'), existing).summary).toMatchObject({ valid: 1, permanentAfter: 2 });
  });

  it('flags a batch that would take the account past 100,000 permanent codes', () => {
    const atCap = (count: number, scenes: string[]) =>
      previewBatch(rows(...scenes), settings('QR_LIMIT_STR_SCENE'), { permanentScenes: new Set(), permanentCount: count }).summary;
    expect(atCap(PERMANENT_CODES_CAP - 2, ['a', 'b', ''])).toMatchObject({ valid: 2, permanentAfter: 100_000, wouldExceedPermanentCap: false });
    expect(atCap(PERMANENT_CODES_CAP - 2, ['a', 'b', 'c'])).toMatchObject({ permanentAfter: 100_001, wouldExceedPermanentCap: true });
    // Temporary batches never add to the cap.
    const temporary = previewBatch(rows('a', 'b'), settings('QR_STR_SCENE'), { permanentScenes: new Set(), permanentCount: PERMANENT_CODES_CAP });
    expect(temporary.summary).toMatchObject({ permanentAfter: 100_000, wouldExceedPermanentCap: false });
  });

  it('checks the lifetime of temporary batches only', () => {
    expect(previewBatch(rows('a'), settings('QR_STR_SCENE', 30), NONE).settingsError).toEqual({
      code: 'expire_range',
      field: 'expireSeconds',
      params: ['60', '2592000'],
    });
    expect(previewBatch(rows('a'), settings('QR_STR_SCENE', 'soon'), NONE)).toMatchObject({
      expireSeconds: null,
      settingsError: { code: 'expire_not_integer' },
    });
    const permanent = previewBatch(rows('a'), settings('QR_LIMIT_STR_SCENE', undefined), NONE);
    expect(permanent.settingsError).toBeUndefined();
    expect(permanent.expireSeconds).toBeNull();
  });

  it('previews 10,000 rows', () => {
    const many = Array.from({ length: 10_000 }, (_, index) => ({ scene: String(index + 1), label: '', row: index + 1 }));
    const preview = previewBatch(many, settings('QR_LIMIT_SCENE'), NONE);
    expect(preview.summary).toMatchObject({ total: 10_000, valid: 10_000, permanentAfter: 10_000 });
  });
});

describe('existingPermanentScenes', () => {
  beforeEach(resetHistoryDatabase);

  let n = 0;
  function code(actionName: ActionName, scene: string, appId = APP): QrCodeRecord {
    n++;
    const permanent = actionName.startsWith('QR_LIMIT');
    return {
      id: `id-${n}`,
      appId,
      actionName,
      scene,
      label: '',
      ticket: `ticket-${n}`,
      url: `http://weixin.qq.com/q/${n}`,
      expireSeconds: permanent ? null : 60,
      createdAt: 1_700_000_000_000 + n,
      expiresAt: permanent ? null : 1_700_000_060_000 + n,
    };
  }

  it('is empty for an empty history', async () => {
    expect(await existingPermanentScenes(APP)).toEqual({ permanentScenes: new Set(), permanentCount: 0 });
  });

  it("keys the account's permanent scenes of both kinds, ignoring temporary codes and other accounts", async () => {
    await saveCode(code('QR_LIMIT_SCENE', '5'));
    await saveCode(code('QR_LIMIT_STR_SCENE', '5'));
    await saveCode(code('QR_LIMIT_STR_SCENE', 'shop'));
    await saveCode(code('QR_LIMIT_STR_SCENE', 'shop')); // same scene, another ticket: one code at WeChat
    await saveCode(code('QR_STR_SCENE', 'temp'));
    await saveCode(code('QR_LIMIT_STR_SCENE', 'other', 'wx0000000000000002'));
    const existing = await existingPermanentScenes(APP);
    expect([...existing.permanentScenes].sort()).toEqual(['QR_LIMIT_SCENE:5', 'QR_LIMIT_STR_SCENE:5', 'QR_LIMIT_STR_SCENE:shop']);
    expect(existing.permanentCount).toBe(3);
    expect((await existingPermanentScenes('wx0000000000000002')).permanentCount).toBe(1);
  });

  it('feeds previewBatch', async () => {
    await saveCode(code('QR_LIMIT_STR_SCENE', 'a'));
    const preview = previewBatch(rows('a', 'b'), settings('QR_LIMIT_STR_SCENE'), await existingPermanentScenes(APP));
    expect(preview.summary).toMatchObject({ valid: 1, existing: 1, permanentAfter: 2 });
  });
});
