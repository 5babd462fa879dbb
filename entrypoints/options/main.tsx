import { render } from 'preact';
import { OptionsApp } from '@/components/OptionsApp';
import { setDocumentLanguage } from '@/utils/document-language';
import '@/components/ui.css';

setDocumentLanguage();
render(<OptionsApp />, document.getElementById('app')!);
