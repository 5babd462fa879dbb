import { useState } from 'preact/hooks';
import type { CreateDraft } from '@/utils/context-menu/draft';
import { t } from '@/utils/i18n/t';
import { sendMessage } from '@/utils/messaging/messages';
import type { QrCodeRecord } from '@/utils/codes/record';
import type { QrFormValues } from '@/utils/codes/form';
import { CreateForm } from '@/components/create/CreateForm';
import { DraftSource, type Picked } from './DraftSource';
import { ResultCard } from '@/components/create/ResultCard';

/** The form prefilled from a draft: the text goes to the string field, and to the number field if it is one. */
function formValues(draft: CreateDraft, scene: string, label: string): Partial<QrFormValues> {
  return {
    actionName: draft.actionName,
    sceneStr: scene,
    sceneId: /^\d+$/.test(scene) ? scene : '',
    expireSeconds: String(draft.expireSeconds),
    label,
  };
}

/** The small window the context menu opens: where the scene came from, the prefilled form, the result. */
export function CreateWindowApp({ draft }: { draft: CreateDraft }) {
  const [picked, setPicked] = useState<Picked>({ scene: draft.scene, label: draft.label, paramName: draft.paramName });
  const [result, setResult] = useState<QrCodeRecord>();

  return (
    <main class="popup create-window">
      <h1>{t('createWindowTitle')}</h1>
      <DraftSource draft={draft} pickedParam={picked.paramName} onPick={setPicked} />
      <CreateForm
        key={picked.paramName ?? picked.scene}
        initial={formValues(draft, picked.scene, picked.label)}
        create={(input) => sendMessage('createQrCode', { ...input, sourceUrl: draft.sourceUrl })}
        onCreated={setResult}
      />
      {result && <ResultCard key={result.id} record={result} />}
    </main>
  );
}
