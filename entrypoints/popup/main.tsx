import { render } from 'preact';
import { PopupApp } from '@/components/popup/PopupApp';
import { setDocumentLanguage } from '@/utils/i18n/document-language';
import '@/components/shared/ui.css';

setDocumentLanguage();
const app = document.getElementById('app')!;
// The static header (index.html) goes in the same task as the first render: no frame without a header.
app.replaceChildren();
render(<PopupApp />, app);
