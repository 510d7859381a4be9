// Shows a message body safely: HTML is sanitised by the viewer's DOMPurify module and rendered in a
// script-less sandboxed srcdoc frame whose CSP allows only data: images, so remote content never loads.
// Reuses src/viewer (sanitize-mail-html.ts, decrypted-view.ts) so webmail and this page render alike.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { DecryptedView } from '../viewer/decrypted-view';
import { mailFrameCsp, sanitizeMailHtml } from '../viewer/sanitize-mail-html';
import { t } from '../ui/i18n';

const MAX_INLINE_IMAGE = 2 * 1024 * 1024;
const INLINE_TYPES = /^image\/(png|gif|jpeg|webp|bmp)$/;

function dataUrl(mediaType: string, bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${mediaType};base64,${btoa(s)}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The frame's document and how many remote images were removed from it. */
export function mailDocument(view: DecryptedView): { doc: string; remoteImages: number } {
  const head = `<meta http-equiv="Content-Security-Policy" content="${mailFrameCsp(false)}"><meta name="referrer" content="no-referrer"><base target="_blank">`;
  if (view.html !== null) {
    const { html, remoteImages } = sanitizeMailHtml(view.html, {
      allowRemote: false,
      resolveCid: (cid) => {
        const part = view.inline.get(cid);
        return part && part.bytes.length <= MAX_INLINE_IMAGE && INLINE_TYPES.test(part.mediaType) ? dataUrl(part.mediaType, part.bytes) : null;
      },
    });
    return { doc: head + html, remoteImages };
  }
  const body = `<pre style="white-space:pre-wrap;font:14px/1.5 system-ui,sans-serif;margin:0">${escapeHtml(view.text ?? '')}</pre>`;
  return { doc: `${head}<body style="margin:8px">${body}</body>`, remoteImages: 0 };
}

export function MailFrame({ view }: { view: DecryptedView }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const { doc, remoteImages } = useMemo(() => mailDocument(view), [view]);
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
