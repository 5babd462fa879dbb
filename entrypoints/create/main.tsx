import { render } from 'preact';
import { CreateWindowApp } from '@/components/create-window/CreateWindowApp';
import { decodeDraft } from '@/utils/context-menu/draft';
import { setDocumentLanguage } from '@/utils/i18n/document-language';
import { DEFAULT_CONTEXT_MENU_SETTINGS } from '@/utils/context-menu/settings';
import '@/components/shared/ui.css';

setDocumentLanguage();
// Opened by the context menu with a draft in the hash; opened bare, it is an empty form.
const draft = decodeDraft(location.hash) ?? {
  source: 'page' as const,
  scene: '',
  label: '',
  params: [],
  actionName: DEFAULT_CONTEXT_MENU_SETTINGS.actionName,
  expireSeconds: DEFAULT_CONTEXT_MENU_SETTINGS.expireSeconds,
};
render(<CreateWindowApp draft={draft} />, document.getElementById('app')!);
