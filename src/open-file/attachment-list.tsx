// Attachments of the shown message, offered as downloads (never opened inside the extension).
import type { AttachmentView } from '../viewer/decrypted-view';
import { saveBytes } from '../ui/download';
import { t } from '../ui/i18n';

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <section class="card" id="attachments">
      <h3>{t('openAttachments', [attachments.length])}</h3>
      <ul class="attachments">
        {attachments.map((a, i) => (
          <li key={i}>
            <button type="button" class="link" data-test="attachment" onClick={() => saveBytes(a.bytes, a.name)}>
              {a.name}
            </button>{' '}
            <span class="muted">({size(a.bytes.length)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
