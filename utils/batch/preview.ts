import { AppFailure } from '@/utils/messaging/app-error';
import type { BatchRow } from './input';
import { historyDb } from '@/utils/storage/history-db';
import { type ActionName, isPermanent, usesSceneStr, validateExpireSeconds, validateSceneId, validateSceneStr } from '@/utils/wechat/qr-request';

/** WeChat's cap on permanent codes per account (contract §1; errcode 45029 beyond it). */
export const PERMANENT_CODES_CAP = 100_000;

/**
 * Why a row will not be created. The validation codes are qr-request's, with its params
 * (scene_str_empty becomes scene_empty, for both kinds).
 */
export type BatchRowReason =
  | 'scene_empty'
  | 'scene_id_not_integer' // params: [min, max]
  | 'scene_id_range' // params: [min, max]
  | 'scene_str_too_long' // params: [bytes, max bytes]
  | 'duplicate' // params: [row of the first occurrence]; that first row is created
  | 'permanent_exists'; // history already has a permanent code of this kind and scene for this account

export interface BatchSettings {
  actionName: ActionName;
  /** Checked for temporary kinds only, as the single-code form does. */
  expireSeconds?: number | string;
  appId: string;
}

export interface ExistingPermanent {
  /** Keys made by permanentSceneKey: a scene_id "5" and a scene_str "5" are different codes. */
  permanentScenes: Set<string>;
  /** The account's distinct permanent scenes in local history: a lower bound of WeChat's count (codes made elsewhere are unknown). */
  permanentCount: number;
}

export type BatchPreviewRow =
  | {
      status: 'ok';
      /** Position in the batch (0-based) and in the source (BatchRow.row). */
      index: number;
      row: number;
      /** What will be sent: scene_id digits canonical ("007" → "7"), scene_str as given. */
      scene: string;
      label: string;
      /** Source rows of the later copies of this scene, which will not be created. */
      duplicateRows?: number[];
    }
  | {
      status: 'invalid';
      index: number;
      row: number;
      /** As the operator gave it. */
      scene: string;
      label: string;
      reason: BatchRowReason;
      params?: string[];
    };

export interface BatchSummary {
  total: number;
  /** Rows that would be created. total = valid + invalid + duplicates + existing. */
  valid: number;
  /** Scene not valid for the kind (empty, not a number, out of range, too long). */
  invalid: number;
  /** Later copies of a scene already in the batch. */
  duplicates: number;
  /** Permanent scenes history already has. */
  existing: number;
  /** permanentCount + valid, for permanent kinds; permanentCount otherwise. */
  permanentAfter: number;
  wouldExceedPermanentCap: boolean;
}

export interface BatchPreview {
  rows: BatchPreviewRow[];
  summary: BatchSummary;
  /** The batch-wide lifetime, validated (null for permanent kinds). */
  expireSeconds: number | null;
  /** Set when expireSeconds is not valid: nothing can be created until it is fixed. */
  settingsError?: { code: 'expire_not_integer' | 'expire_range'; field: 'expireSeconds'; params?: string[] };
}

export function permanentSceneKey(actionName: ActionName, scene: string): string {
  return `${actionName}:${scene}`;
}

type Checked = { scene: string } | { reason: BatchRowReason; params?: string[] };

/** qr-request's validators, their failure turned into a reason. */
function checkScene(scene: string, action: ActionName): Checked {
  if (scene === '') return { reason: 'scene_empty' };
  try {
    return { scene: usesSceneStr(action) ? validateSceneStr(scene) : String(validateSceneId(scene, action)) };
  } catch (thrown) {
    if (!(thrown instanceof AppFailure)) throw thrown;
    const { code, params } = thrown.error;
    if (code === 'scene_id_not_integer' || code === 'scene_id_range' || code === 'scene_str_too_long') return { reason: code, params };
    return { reason: 'scene_empty' };
  }
}

/**
 * Checks every row of a batch before anything is sent: each row is either created ('ok', with
 * the scene as it will be sent) or not, with the reason. Order of checks per row: the scene's
 * validity, then (permanent kinds) history, then duplicates among the rows still valid, so a
 * row is reported for the most useful reason and the first of several copies is created.
 */
export function previewBatch(rows: readonly BatchRow[], settings: BatchSettings, existing: ExistingPermanent): BatchPreview {
  const { actionName } = settings;
  const permanent = isPermanent(actionName);
  let expireSeconds: number | null = null;
  let settingsError: BatchPreview['settingsError'];
  if (!permanent) {
    try {
      expireSeconds = validateExpireSeconds(settings.expireSeconds);
    } catch (thrown) {
      if (!(thrown instanceof AppFailure)) throw thrown;
      const { code, params } = thrown.error;
      settingsError = { code: code === 'expire_range' ? 'expire_range' : 'expire_not_integer', field: 'expireSeconds', params };
    }
  }

  const summary: BatchSummary = {
    total: rows.length,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    existing: 0,
    permanentAfter: existing.permanentCount,
    wouldExceedPermanentCap: false,
  };
  const firstBySceneIndex = new Map<string, number>();
  const preview: BatchPreviewRow[] = [];
  for (const [index, source] of rows.entries()) {
    const base = { index, row: source.row, scene: source.scene, label: source.label };
    const checked = checkScene(source.scene, actionName);
    if ('reason' in checked) {
      summary.invalid++;
      preview.push({ ...base, status: 'invalid', reason: checked.reason, ...(checked.params ? { params: checked.params } : {}) });
      continue;
    }
    if (permanent && existing.permanentScenes.has(permanentSceneKey(actionName, checked.scene))) {
      summary.existing++;
      preview.push({ ...base, status: 'invalid', reason: 'permanent_exists' });
      continue;
    }
    const firstIndex = firstBySceneIndex.get(checked.scene);
    if (firstIndex !== undefined) {
      const first = preview[firstIndex]!;
      summary.duplicates++;
      preview.push({ ...base, status: 'invalid', reason: 'duplicate', params: [String(first.row)] });
      if (first.status === 'ok') (first.duplicateRows ??= []).push(source.row);
      continue;
    }
    firstBySceneIndex.set(checked.scene, index);
    summary.valid++;
    preview.push({ ...base, status: 'ok', scene: checked.scene });
  }
  if (permanent) summary.permanentAfter += summary.valid;
  summary.wouldExceedPermanentCap = summary.permanentAfter > PERMANENT_CODES_CAP;
  return { rows: preview, summary, expireSeconds, ...(settingsError ? { settingsError } : {}) };
}

/** The account's permanent codes in local history, of both kinds, read by the byActionName index. */
export async function existingPermanentScenes(appId: string): Promise<ExistingPermanent> {
  const tx = (await historyDb()).transaction('codes');
  const byKind = await Promise.all((['QR_LIMIT_SCENE', 'QR_LIMIT_STR_SCENE'] as const).map((kind) => tx.store.index('byActionName').getAll(kind)));
  await tx.done;
  const permanentScenes = new Set(byKind.flat().flatMap((record) => (record.appId === appId ? [permanentSceneKey(record.actionName, record.scene)] : [])));
  // Distinct scenes: WeChat answers a repeated permanent scene with the same code.
  return { permanentScenes, permanentCount: permanentScenes.size };
}
