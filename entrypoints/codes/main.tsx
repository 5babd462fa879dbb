import { render } from 'preact';
import { HistoryApp } from '@/components/HistoryApp';
import { setDocumentLanguage } from '@/utils/document-language';
import '@/components/ui.css';
import '@/components/history.css';

setDocumentLanguage();
render(<HistoryApp />, document.getElementById('app')!);
