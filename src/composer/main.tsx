// Composer entry. Refuses to run inside a frame (a webmail page must not overlay or drive it), then mounts the form.
import { render } from 'preact';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { Composer } from './composer';

applyDocumentLanguage();
const root = document.getElementById('app')!;
if (window.top !== window) {
  root.textContent = t('composeFramed');
} else {
  const q = new URLSearchParams(location.search);
  render(<Composer context={q.get('context') ?? q.get('replyTo')} draftId={q.get('draft')} />, root);
}
