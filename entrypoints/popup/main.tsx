import { render } from 'preact';
import { PopupApp } from '@/components/PopupApp';
import { setDocumentLanguage } from '@/utils/document-language';
import '@/components/ui.css';

setDocumentLanguage();
render(<PopupApp />, document.getElementById('app')!);
