// Turns decrypted MIME into what the decrypted frame shows: one body (HTML preferred), the cid: parts it may
// reference, and the attachments. Bounded: MIME limits come from parseMime, and only the first body is used.
import { parseMime, getHeader, type MimeEntity } from '../crypto/mime/parse-mime';
import { decodeBody } from '../crypto/mime/decode-transfer-encoding';
import { decodeText } from '../crypto/mime/decode-charset';
import { smimeKind } from '../crypto/smime/classify-entity';
import type { VerifyResult } from '../crypto/types';

export interface PartBytes {
  mediaType: string;
  bytes: Uint8Array;
}

export interface AttachmentView extends PartBytes {
  name: string;
}

export interface DecryptedView {
  html: string | null;
  text: string | null;
  inline: Map<string, PartBytes>; // Content-ID without <> → part
  attachments: AttachmentView[];
}

const MAX_ATTACHMENTS = 200;

function fileName(e: MimeEntity): string | undefined {
  const disp = getHeader(e, 'content-disposition') ?? '';
  const m = /filename\*?=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disp);
  return e.contentType.params.name ?? m?.[1] ?? m?.[2];
}

function isAttachment(e: MimeEntity): boolean {
  return /^\s*attachment/i.test(getHeader(e, 'content-disposition') ?? '');
}

function safeDecode(e: MimeEntity): Uint8Array {
  try {
    return decodeBody(e);
  } catch {
    return e.body;
  }
}

/**
 * The entity a reader should see. With a valid signature that is exactly the signed entity the verifier checked
 * (`signedContent`): never a re-parse of other bytes, and nothing from outside the signature (partial coverage).
 * Otherwise: unwraps multipart/signed (first part) and opaque signed data.
 */
function displayEntity(content: Uint8Array, verify?: VerifyResult): MimeEntity {
  const verified = verify?.signature === 'valid' && verify.signedContent !== undefined;
  let root = parseMime(verified ? verify.signedContent! : content, { maxDepth: 16, maxParts: 500 });
  // Unwrap further signature layers inside what is shown (all of it is covered by the outer signature, if any).
  for (let i = 0; i < 4; i++) {
    const kind = smimeKind(root);
    if (kind === 'multipart-signed' && root.children[0]) root = root.children[0];
    else if (kind === 'opaque-signed' && verify?.signedContent && !verified) root = parseMime(verify.signedContent, { maxDepth: 16, maxParts: 500 });
    else break;
  }
  return root;
}

export function buildDecryptedView(content: Uint8Array, verify?: VerifyResult): DecryptedView {
  const view: DecryptedView = { html: null, text: null, inline: new Map(), attachments: [] };
  const walk = (e: MimeEntity, depth: number) => {
    if (depth > 16) return;
    const mt = e.contentType.mediaType;
    if (e.contentType.type === 'multipart') {
      if (mt === 'multipart/alternative') {
        // Prefer the richest alternative we can show: the last text/html, else the last text/plain.
        const html = [...e.children].reverse().find((c) => c.contentType.mediaType === 'text/html' || c.contentType.type === 'multipart');
        const chosen = html ?? e.children[e.children.length - 1];
        if (chosen) walk(chosen, depth + 1);
        return;
      }
      for (const c of e.children) walk(c, depth + 1);
      return;
    }
    const cid = getHeader(e, 'content-id')?.trim().replace(/^<|>$/g, '');
    const bytes = safeDecode(e);
    if (cid && !isAttachment(e) && e.contentType.type === 'image') {
      view.inline.set(cid, { mediaType: mt, bytes });
      return;
    }
    if (!isAttachment(e) && (mt === 'text/html' || mt === 'text/plain')) {
      const text = decodeText(bytes, e.contentType.params.charset).text;
      if (mt === 'text/html' && view.html === null) return void (view.html = text);
      if (mt === 'text/plain' && view.text === null && view.html === null) return void (view.text = text);
    }
    if (view.attachments.length < MAX_ATTACHMENTS) {
      view.attachments.push({ name: fileName(e) ?? `part-${view.attachments.length + 1}`, mediaType: mt, bytes });
    }
  };
  walk(displayEntity(content, verify), 0);
  return view;
}
