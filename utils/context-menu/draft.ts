import type { ActionName } from '@/utils/wechat/qr-request';

/**
 * What the context menu hands to the create window: the scene it found (if any), the link's
 * parameters to pick from, and where it all came from. Travels in the window's URL hash, so a
 * reload keeps it; everything in it came from a web page and is treated as untrusted text.
 */
export interface CreateDraft {
  source: 'link' | 'page' | 'selection';
  /** The link or page the scene came from; absent when the link could not be read. */
  sourceUrl?: string;
  /** The link could not be read (javascript:, data: …): the operator types a scene. */
  unreadableLink?: boolean;
  scene: string;
  /** The parameter the scene was read from, when one was. */
  paramName?: string;
  params: [name: string, value: string][];
  label: string;
  actionName: ActionName;
  expireSeconds: number;
}

export function encodeDraft(draft: CreateDraft): string {
  return encodeURIComponent(JSON.stringify(draft));
}

export function decodeDraft(hash: string): CreateDraft | undefined {
  try {
    const draft = JSON.parse(decodeURIComponent(hash.replace(/^#/, ''))) as CreateDraft;
    return typeof draft === 'object' && draft !== null && typeof draft.scene === 'string' ? draft : undefined;
  } catch {
    return undefined;
  }
}
