import { render } from 'preact';
import { BatchApp } from '@/components/batch/BatchApp';
import { setDocumentLanguage } from '@/utils/i18n/document-language';
import '@/components/shared/ui.css';
import '@/components/batch/batch.css';

setDocumentLanguage();
render(<BatchApp />, document.getElementById('app')!);
