// Shows a message body safely in a script-less sandboxed srcdoc frame whose CSP allows only data: images, so
// remote content never loads. The document comes from src/viewer/mail-document.ts, so webmail and this page
// render alike.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { DecryptedView } from '../viewer/decrypted-view';
import { mailDocument } from '../viewer/mail-document';
import { t } from '../ui/i18n';

export function MailFrame({ view }: { view: DecryptedView }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const { doc, remoteImages } = useMemo(() => mailDocument(view, { allowRemote: false, textMargin: '8px' }), [view]);
  useEffect(() => {
    const f = frame.current;
    if (f) f.srcdoc = doc;
  }, [doc]);
  return (
    <div>
      {remoteImages > 0 && (
        <p class="note neutral" data-test="remote-blocked">
          {t('openRemoteBlocked', [remoteImages])}
        </p>
      )}
      <iframe
        ref={frame}
        id="mail-frame"
        class="mail"
        title={t('openMessageFrame')}
        // No allow-scripts: mail never runs code. allow-same-origin only lets this page measure its height.
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        onLoad={(e) => {
          const f = e.currentTarget;
          const d = f.contentDocument;
          if (d?.body) f.style.height = `${Math.min(8000, Math.max(d.body.scrollHeight, d.body.offsetHeight) + 24)}px`;
        }}
      />
    </div>
  );
}
