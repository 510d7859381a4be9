// The attachments of a message being forwarded, taken from the entity the reader was shown (decrypted, unwrapped
// from its signature), so the composer can carry them over and let the user remove some. The body alternatives
// and signature parts are not attachments. Bounded to what a draft may hold (count and total size).
import { decodeEncodedWords } from '../../crypto/mime/decode-header-words';
import { parseParameterizedValue } from '../../crypto/mime/parse-content-type';
import { decodeBody } from '../../crypto/mime/decode-transfer-encoding';
import { getHeader, type MimeEntity } from '../../crypto/mime/parse-mime';
import type { ComposeAttachment, ComposeContext } from '../../shared/messages';

/** What get-compose-context answers for a forward: the prefill plus the original's attachments. */
export type ComposeContextWithAttachments = ComposeContext & { attachments: ComposeAttachment[]; omittedAttachments: string[] };

export const MAX_FORWARD_ATTACHMENTS = 100;
export const MAX_FORWARD_BYTES = 25 * 1024 * 1024; // the draft limit (validate-request) and Gmail's
const MAX_DEPTH = 16;
const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);
const MEDIA_TYPE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A file name safe to show and to write back into a Content-Disposition: no paths, no controls, bounded. */
function cleanName(raw: string, fallback: string): string {
  let name: string;
  try {
    name = decodeEncodedWords(raw);
  } catch {
    name = raw;
  }
  name = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^.*[\\/]/, '').trim().slice(0, 200);
  return name || fallback;
}

function fileNameOf(e: MimeEntity): string | undefined {
  const disposition = getHeader(e, 'content-disposition');
  const fromDisposition = disposition ? parseParameterizedValue(disposition).params.filename : undefined;
  return fromDisposition ?? e.contentType.params.name;
}

function isAttachmentDisposition(e: MimeEntity): boolean {
  return /^\s*attachment/i.test(getHeader(e, 'content-disposition') ?? '');
}

/**
 * The files of `shown`, depth first: parts with an attachment disposition or a file name, and attached messages.
 * Unnamed text and the parts of multipart/alternative are the body (quoted separately), never attachments.
 */
export function forwardAttachments(shown: MimeEntity): { attachments: ComposeAttachment[]; omitted: string[] } {
  const attachments: ComposeAttachment[] = [];
  const omitted: string[] = [];
  let total = 0;
  const take = (e: MimeEntity, fallback: string) => {
    const name = cleanName(fileNameOf(e) ?? '', fallback);
    let data: Uint8Array;
    try {
      data = decodeBody(e);
    } catch {
      omitted.push(name); // an encoding we cannot undo: better left out than forwarded garbled
      return;
    }
    if (attachments.length >= MAX_FORWARD_ATTACHMENTS || total + data.length > MAX_FORWARD_BYTES) {
      omitted.push(name);
      return;
    }
    total += data.length;
    const type = MEDIA_TYPE.test(e.contentType.mediaType) ? e.contentType.mediaType : 'application/octet-stream';
    attachments.push({ name, type, data: data.slice() });
  };
  const walk = (e: MimeEntity, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const mt = e.contentType.mediaType;
    if (SIGNATURE_TYPES.has(mt)) return;
    if (mt === 'message/rfc822' && depth > 0) return take(e, 'forwarded-message.eml');
    if (e.contentType.type === 'multipart') {
      if (mt === 'multipart/alternative') return;
      for (const c of e.children) walk(c, depth + 1);
      return;
    }
    // Named text that is not marked as an attachment is shown (and quoted) as body text.
    const shownText = (mt === 'text/plain' || mt === 'text/html') && !isAttachmentDisposition(e);
    if (isAttachmentDisposition(e) || (fileNameOf(e) !== undefined && !shownText)) take(e, `attachment-${attachments.length + omitted.length + 1}`);
  };
  walk(shown, 0);
  return { attachments, omitted };
}
