import { render } from 'preact';
import { ReportApp } from '@/components/report/ReportApp';
import { setDocumentLanguage } from '@/utils/i18n/document-language';
import '@/components/shared/ui.css';
import '@/components/history/history.css';
import '@/components/report/report.css';

setDocumentLanguage();
render(<ReportApp />, document.getElementById('app')!);
