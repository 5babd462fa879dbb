import { render } from 'preact';
import { ReportApp } from '@/components/ReportApp';
import { setDocumentLanguage } from '@/utils/document-language';
import '@/components/ui.css';
import '@/components/history.css';
import '@/components/report.css';

setDocumentLanguage();
render(<ReportApp />, document.getElementById('app')!);
