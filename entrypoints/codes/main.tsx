import { render } from 'preact';
import { HistoryApp } from '@/components/HistoryApp';
import { setDocumentLanguage } from '@/utils/document-language';
import { historyDb } from '@/utils/history-db';
import '@/components/ui.css';
import '@/components/history.css';

setDocumentLanguage();
// Opening IndexedDB overlaps the first render: the list reads its first rows from it right after.
void historyDb();
render(<HistoryApp />, document.getElementById('app')!);
