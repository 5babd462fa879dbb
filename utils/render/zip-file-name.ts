import type { QrCodeRecord } from '@/utils/codes/record';

/** What a ZIP's images are called unless the operator says otherwise: label and scene, as single downloads are. */
export const DEFAULT_NAME_PATTERN = '{label}-{scene}';

type NamedRecord = Pick<QrCodeRecord, 'label' | 'scene' | 'actionName'>;

/**
 * A file name from a pattern: {label}, {scene}, {kind} and {n} (1-based position) are replaced.
 * Separators left dangling by an empty field ("{label}-{scene}" without a label) are dropped;
 * characters file systems refuse become "_"; an empty result falls back to the scene.
 */
export function patternFileName(pattern: string, record: NamedRecord, position: number, extension: string): string {
  const values: Record<string, string> = { label: record.label, scene: record.scene, kind: record.actionName, n: String(position) };
  const filled = pattern.replace(/\{(label|scene|kind|n)\}/g, (_, field: string) => values[field]!);
  const tidy = filled.replace(/([-_ .])[-_ .]+/g, '$1').replace(/^[-_ .]+|[-_ .]+$/g, '');
  return `${safeFileStem(tidy) || safeFileStem(record.scene) || 'qrcode'}.${extension}`;
}

/** Without characters Windows, macOS or Linux refuse in a name, no leading dots, at most 120 characters. */
export function safeFileStem(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex -- control characters (U+0000–U+001F) are among what file systems refuse
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 120)
  );
}
