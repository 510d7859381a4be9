// Sanitises decrypted mail HTML with DOMPurify for display in a script-less, CSP-locked srcdoc frame:
// cid: images resolve to data: URLs from the message itself, remote images are dropped unless the reader asked.
import DOMPurify from 'dompurify';

export interface SanitizeOptions {
  resolveCid(cid: string): string | null; // → data: URL, or null when the message has no such part
  allowRemote: boolean;
}

export interface SanitizedHtml {
  html: string;
  remoteImages: number; // remote images found (loaded only when allowRemote)
}

const FORBID_TAGS = ['form', 'input', 'button', 'textarea', 'select', 'option', 'link', 'meta', 'base', 'object', 'embed', 'iframe', 'frame', 'frameset', 'audio', 'video', 'source', 'track', 'portal'];
const FORBID_ATTR = ['srcset', 'ping', 'action', 'formaction', 'background', 'poster', 'xlink:href'];

/** The CSP the srcdoc document carries (on top of the frame page's own). */
export function mailFrameCsp(allowRemote: boolean): string {
  const img = allowRemote ? "img-src data: https: http:" : 'img-src data:';
  return `default-src 'none'; ${img}; style-src 'unsafe-inline'; font-src data:; script-src 'none'; form-action 'none'; base-uri 'none'`;
}

/** cid: URLs are %-encoded Content-IDs (RFC 2392); a malformed escape in hostile mail must not stop the render. */
function decodeCid(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function sanitizeMailHtml(html: string, opts: SanitizeOptions): SanitizedHtml {
  let remoteImages = 0;
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'IMG') {
      const src = el.getAttribute('src') ?? '';
      if (/^cid:/i.test(src)) {
        const resolved = opts.resolveCid(decodeCid(src.slice(4)));
        if (resolved) el.setAttribute('src', resolved);
        else el.removeAttribute('src');
      } else if (/^https?:/i.test(src)) {
        remoteImages++;
        if (!opts.allowRemote) {
          el.removeAttribute('src');
          el.setAttribute('data-blocked', 'remote');
        }
      } else if (!/^data:image\//i.test(src)) {
        el.removeAttribute('src');
      }
    }
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
  });
  const clean = purify.sanitize(html, { WHOLE_DOCUMENT: true, FORBID_TAGS, FORBID_ATTR, ALLOW_UNKNOWN_PROTOCOLS: false });
  return { html: String(clean), remoteImages };
}
