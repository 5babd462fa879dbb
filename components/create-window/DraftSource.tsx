import type { CreateDraft } from '@/utils/context-menu/draft';
import { t } from '@/utils/i18n/t';
import { labelFor, readLinkParams } from '@/utils/context-menu/link-params';

export interface Picked {
  scene: string;
  label: string;
  paramName?: string;
}

/** Where the scene came from and, when no configured parameter matched, the link's own to pick from. */
export function DraftSource({ draft, pickedParam, onPick }: { draft: CreateDraft; pickedParam?: string; onPick: (picked: Picked) => void }) {
  const link = draft.sourceUrl ? readLinkParams(draft.sourceUrl) : undefined;
  const sourceKey = draft.source === 'selection' ? 'sourceSelection' : draft.source === 'link' ? 'sourceLink' : 'sourcePage';
  return (
    <section class="draft-source" data-testid="draft-source">
      {draft.sourceUrl && (
        <p class="hint">
          {t(sourceKey)}: <span class="source-url">{draft.sourceUrl}</span>
        </p>
      )}
      {draft.unreadableLink && (
        <p class="alert" role="alert">
          {t('unreadableLink')}
        </p>
      )}
      {draft.paramName && <p class="hint">{t('sourceParam', [draft.paramName])}</p>}
      {draft.source !== 'selection' && !draft.unreadableLink && !draft.paramName && (
        <p class="hint warn">{draft.params.length > 0 ? t('noParamFound') : t('noParamsAtAll')}</p>
      )}
      {!draft.paramName && draft.params.length > 0 && link && (
        <div class="actions" role="group">
          {draft.params.map(([name, value]) => (
            <button
              type="button"
              key={name}
              aria-pressed={pickedParam === name}
              onClick={() => onPick({ scene: value, label: labelFor(value, link), paramName: name })}
            >
              {t('pickParam', [name, value])}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
