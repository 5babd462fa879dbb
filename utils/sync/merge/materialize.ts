import { type CodeState, isAlive } from './code-state';
import type { QrCodeRecord } from '@/utils/codes/record';
import { t } from '@/utils/i18n/t';

/** The lost labels the note does not show yet (the operator has not edited the note since they lost). */
export function unseenLost(state: CodeState): [string, string][] {
  const seen = new Set(state.seen ?? []);
  return (state.lost ?? []).filter(([, at]) => !seen.has(at));
}

/** The note as history shows it: the operator's note, then one line per label that lost a conflict. */
export function renderedNote(state: CodeState): string {
  const lines = unseenLost(state).map(([label]) => t('syncEngineLostLabel', [label]));
  return [state.note[0], ...lines].filter(Boolean).join('\n');
}

/** The history record a state stands for; undefined for a deleted code. */
export function recordOf(state: CodeState): QrCodeRecord | undefined {
  if (!isAlive(state)) return undefined;
  const note = renderedNote(state);
  return { id: state.id, appId: state.appId, ...state.core, label: state.label[0], ...(note && { note }) };
}
