import { render } from 'preact';
import { PopupApp } from '@/components/PopupApp';
import { setDocumentLanguage } from '@/utils/document-language';
import '@/components/ui.css';

setDocumentLanguage();
const app = document.getElementById('app')!;
// The static header (index.html) goes in the same task as the first render: no frame without a header.
app.replaceChildren();
render(<PopupApp />, app);
