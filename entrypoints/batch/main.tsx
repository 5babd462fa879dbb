import { render } from 'preact';
import { BatchApp } from '@/components/BatchApp';
import { setDocumentLanguage } from '@/utils/document-language';
import '@/components/ui.css';
import '@/components/batch.css';

setDocumentLanguage();
render(<BatchApp />, document.getElementById('app')!);
