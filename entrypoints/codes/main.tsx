import { render } from 'preact';
import { HistoryApp } from '@/components/history/HistoryApp';
import { FIRST_ROWS } from '@/components/history/useHistoryList';
import { setDocumentLanguage } from '@/utils/i18n/document-language';
import { EMPTY_QUERY, firstCodes } from '@/utils/history/query';
import '@/components/shared/ui.css';
import '@/components/history/history.css';

setDocumentLanguage();
// The first screen is read from IndexedDB while the page renders, not after.
const firstRows = firstCodes(EMPTY_QUERY, FIRST_ROWS);
render(<HistoryApp firstRows={firstRows} />, document.getElementById('app')!);
