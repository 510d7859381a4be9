// Splits an RFC 5322 message into the headers that stay outside the S/MIME layer (From, To, Subject...)
// and the MIME entity that gets signed or encrypted, re-encoding 8-bit or long-line bodies so the
// signed bytes survive any transport unchanged (RFC 8551 §3.1.2).
import { concatByteList, concatBytes, utf8 } from '../bytes';
import { canonicalizeCrlf } from '../mime/canonicalize-crlf';
import { parseMime, type MimeEntity } from '../mime/parse-mime';
import { decodeBody } from '../mime/decode-transfer-encoding';
import { buildEntity, chooseTransferEncoding } from '../mime/build-mime';

export interface SplitMessage {
  /** Exact bytes of the outer header fields (not Content-*, not MIME-Version), each ending in CRLF. */
  outerHeaders: Uint8Array;
  /** The content entity (Content-* headers, blank line, body), 7-bit safe, CRLF. */
  content: Uint8Array;
}

const CONTENT_HEADER = /^content-/i;

function needsReencoding(e: MimeEntity): boolean {
  if (e.contentType.type === 'multipart') return e.children.some(needsReencoding);
  if (e.transferEncoding === 'base64' || e.transferEncoding === 'quoted-printable') return false;
  return chooseTransferEncoding(e.body, e.contentType.type) !== '7bit' && e.contentType.type !== 'message';
}

function contentHeaderBytes(e: MimeEntity): Uint8Array {
  return concatByteList(e.headers.filter((h) => CONTENT_HEADER.test(h.name)).map((h) => h.raw));
}

/** A copy of the entity's Content-* headers and body, with unsafe leaves re-encoded. */
function safeEntity(e: MimeEntity): Uint8Array {
  if (!needsReencoding(e)) return contiguousEntity(e) ?? concatBytes(contentHeaderBytes(e), utf8('\r\n'), e.body);
  if (e.contentType.type === 'multipart') {
    return buildEntity({ contentType: e.contentType.mediaType, params: withoutBoundary(e.contentType.params), parts: e.children.map(safeEntity) });
  }
  const kept = e.headers.filter((h) => CONTENT_HEADER.test(h.name) && !/^content-(type|transfer-encoding)$/i.test(h.name));
  const rebuilt = buildEntity({ contentType: e.contentType.mediaType, params: e.contentType.params, body: decodeBody(e) });
  return concatByteList([...kept.map((h) => h.raw), rebuilt]);
}

/**
 * The Content-* headers, blank line and body as a view of the parsed input, when they are already adjacent
 * there (the usual layout: Content-* fields last). Saves a copy of a multi-megabyte body.
 */
function contiguousEntity(e: MimeEntity): Uint8Array | undefined {
  const fields = e.headers.filter((h) => CONTENT_HEADER.test(h.name)).map((h) => h.raw);
  const body = e.body;
  let end = body.byteOffset - 2; // where the blank line (CRLF) must start
  for (let i = fields.length - 1; i >= 0; i--) {
    const f = fields[i];
    if (f.buffer !== body.buffer || f.byteOffset + f.length !== end) return undefined;
    end = f.byteOffset;
  }
  if (body.byteOffset < 2) return undefined;
  const all = new Uint8Array(body.buffer, body.byteOffset - 2, 2);
  if (all[0] !== 0x0d || all[1] !== 0x0a) return undefined;
  return new Uint8Array(body.buffer, end, body.byteOffset + body.length - end);
}

function withoutBoundary(params: Record<string, string>): Record<string, string> {
  const { boundary: _b, ...rest } = params;
  return rest;
}

export function splitMessageForSmime(message: Uint8Array): SplitMessage {
  const root = parseMime(canonicalizeCrlf(message));
  const outer = root.headers.filter((h) => !CONTENT_HEADER.test(h.name) && h.name.toLowerCase() !== 'mime-version');
  let content = safeEntity(root);
  if (!root.contentTypeExplicit && !needsReencoding(root)) content = concatBytes(utf8('Content-Type: text/plain; charset=us-ascii\r\n'), content);
  return { outerHeaders: concatByteList(outer.map((h) => h.raw)), content };
}
