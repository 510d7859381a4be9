// "Open a message file" page entry.
import { render } from 'preact';
import { applyDocumentLanguage } from '../ui/i18n';
import { OpenFilePage } from './open-file-page';
import '../ui/ui.css';
import './open-file.css';

applyDocumentLanguage();
render(<OpenFilePage />, document.getElementById('app')!);
