// The srcdoc of a script-less mail frame, shared by the decrypted frame over webmail and the open-file page:
// a CSP that allows only data: images (remote ones on request), sanitised HTML with cid: parts inlined, or
// escaped plain text.
import type { DecryptedView } from './decrypted-view';
import { mailFrameCsp, sanitizeMailHtml } from './sanitize-mail-html';

const MAX_INLINE_IMAGE = 2 * 1024 * 1024;
const INLINE_TYPES = /^image\/(png|gif|jpeg|webp|bmp)$/;

export interface MailDocumentOptions {
  allowRemote: boolean;
  /** CSS margin of a plain-text body (the webmail frame sits flush, the open-file page's frame has a border). */
  textMargin: string;
}

function dataUrl(mediaType: string, bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${mediaType};base64,${btoa(s)}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The frame's document and how many remote images it has (removed unless `allowRemote`). */
export function mailDocument(view: DecryptedView, opts: MailDocumentOptions): { doc: string; remoteImages: number } {
  const head = `<meta http-equiv="Content-Security-Policy" content="${mailFrameCsp(opts.allowRemote)}"><meta name="referrer" content="no-referrer"><base target="_blank">`;
  if (view.html !== null) {
    const { html, remoteImages } = sanitizeMailHtml(view.html, {
      allowRemote: opts.allowRemote,
      // Only small images of a few plain types, so the media type is safe to put in the data: URL as it is.
      resolveCid: (cid) => {
        const part = view.inline.get(cid);
        return part && part.bytes.length <= MAX_INLINE_IMAGE && INLINE_TYPES.test(part.mediaType) ? dataUrl(part.mediaType, part.bytes) : null;
      },
    });
    return { doc: head + html, remoteImages };
  }
  const body = `<pre style="white-space:pre-wrap;font:14px/1.45 system-ui,sans-serif;margin:0">${escapeHtml(view.text ?? '')}</pre>`;
  return { doc: `${head}<body style="margin:${opts.textMargin}">${body}</body>`, remoteImages: 0 };
}
