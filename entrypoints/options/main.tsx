import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import { setDocumentLanguage } from '@/utils/i18n/document-language';
import '@/components/shared/ui.css';

setDocumentLanguage();
render(<OptionsApp />, document.getElementById('app')!);
