// "Open a message file" page entry.
import { render } from 'preact';
import { applyDocumentLanguage } from '../ui/i18n';
import { OpenFilePage } from './open-file-page';

applyDocumentLanguage();
render(<OpenFilePage />, document.getElementById('app')!);
