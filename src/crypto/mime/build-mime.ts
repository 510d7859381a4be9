// Builds outgoing MIME entities and RFC 5322 messages as canonical CRLF bytes: the exact bytes we
// sign or encrypt, so transfer encodings and line lengths are chosen to survive any transport.
import { base64EncodeToBytes } from '../base64';
import { concatBytes, utf8 } from '../bytes';
import { EngineError } from '../errors';
import { canonicalizeCrlf } from './canonicalize-crlf';
import { encodeQuotedPrintable } from './encode-quoted-printable';
import {
  addressListAtoms,
  flattenLineBreaks,
  foldAtoms,
  formatHeaderField,
  formatParameterizedHeader,
  type AddressInput,
  type HeaderField,
} from './encode-header';

export type { AddressInput, HeaderField } from './encode-header';

export type TransferEncoding = '7bit' | '8bit' | 'binary' | 'quoted-printable' | 'base64';

export interface EntitySpec {
  /** "type/subtype", e.g. "text/plain", "multipart/mixed". */
  contentType: string;
  /** Content-Type parameters (charset, name, protocol...). For multiparts the boundary is generated. */
  params?: Record<string, string>;
  /** Extra header fields, written before the Content-* fields, in order. */
  headers?: HeaderField[];
  /** Adds a Content-Disposition header; a non-ASCII filename is RFC 2231-encoded. */
  disposition?: { type: 'inline' | 'attachment'; filename?: string };
  /**
   * Leaf body. A string is UTF-8 (charset=utf-8 is added for text/* if no charset is given). A list of chunks
   * is the body as if concatenated; with base64 it is encoded without joining them first.
   */
  body?: Uint8Array | string | readonly Uint8Array[];
  /** Multipart children: specs, or finished entity bytes inserted verbatim (e.g. a part already signed). */
  parts?: (EntitySpec | Uint8Array)[];
  /** Force a transfer encoding; by default one is chosen from the content. */
  transferEncoding?: TransferEncoding;
}

const CRLF = utf8('\r\n');
const MAX_BOUNDARY_TRIES = 16;

/** Build one MIME entity (headers, blank line, body) as CRLF bytes. */
export function buildEntity(spec: EntitySpec, depth = 0): Uint8Array {
  return build(spec, depth, EMPTY);
}

/**
 * `prefix` followed by the entity, in one allocation: for a message, the outer header fields go in front of
 * a multi-megabyte signed or encrypted entity without copying the entity again.
 */
export function buildEntityAfter(prefix: Uint8Array, spec: EntitySpec): Uint8Array {
  return build(spec, 0, prefix);
}

const EMPTY = new Uint8Array(0);

function build(spec: EntitySpec, depth: number, prefix: Uint8Array): Uint8Array {
  if (depth > 32) throw new EngineError('invalid-argument', 'MIME structure nested too deeply');
  const slash = spec.contentType.indexOf('/');
  const type = spec.contentType.slice(0, slash).toLowerCase();
  if (slash <= 0 || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(spec.contentType)) {
    throw new EngineError('invalid-argument', `invalid content type "${spec.contentType}"`);
  }
  const params: Record<string, string> = { ...(spec.params ?? {}) };
  let head = (spec.headers ?? []).map(formatHeaderField).join('');

  if (type === 'multipart') {
    if (spec.body !== undefined || !spec.parts || spec.parts.length === 0) {
      throw new EngineError('invalid-argument', 'a multipart entity needs parts and no body');
    }
    const parts = spec.parts.map((p) => (p instanceof Uint8Array ? p : build(p, depth + 1, EMPTY)));
    const boundary = chooseBoundary(parts);
    delete params.boundary;
    head += formatParameterizedHeader('Content-Type', spec.contentType, { ...params, boundary });
    head += dispositionHeader(spec);
    const dash = utf8(`--${boundary}`);
    const chunks: Uint8Array[] = [prefix, utf8(head), CRLF];
    for (const part of parts) chunks.push(dash, CRLF, part, CRLF);
    chunks.push(dash, utf8('--'), CRLF);
    return concatBytes(...chunks);
  }

  if (spec.parts !== undefined) throw new EngineError('invalid-argument', `${spec.contentType} cannot have parts`);
  let body: Uint8Array | readonly Uint8Array[];
  if (typeof spec.body === 'string') {
    body = utf8(spec.body);
    if (type === 'text' && params.charset === undefined) params.charset = 'utf-8';
  } else {
    body = spec.body ?? EMPTY;
  }
  const textual = type === 'text' || type === 'message';
  // Chunks stay apart only on their way into base64; anything that inspects the body needs it joined.
  if (!(body instanceof Uint8Array) && (spec.transferEncoding !== 'base64' || textual)) body = concatBytes(...body);
  if (body instanceof Uint8Array && textual) body = canonicalizeCrlf(body);
  const chosen = spec.transferEncoding ?? chooseTransferEncoding(body as Uint8Array, type);
  head += formatParameterizedHeader('Content-Type', spec.contentType, params);
  head += foldAtoms('Content-Transfer-Encoding', [chosen]);
  head += dispositionHeader(spec);
  const headBytes = concatBytes(prefix, utf8(head), CRLF);
  if (chosen === 'base64') {
    // Headers, base64 lines and the final CRLF written into one buffer: no copy of the encoded body.
    const empty = body instanceof Uint8Array ? body.length === 0 : body.every((c) => c.length === 0);
    return base64EncodeToBytes(body, { lineLength: 76, prefix: headBytes, suffix: empty ? EMPTY : CRLF });
  }
  return concatBytes(headBytes, encodeBody(body as Uint8Array, chosen));
}

function dispositionHeader(spec: EntitySpec): string {
  if (!spec.disposition) return '';
  const p: Record<string, string> = {};
  if (spec.disposition.filename !== undefined) p.filename = spec.disposition.filename;
  return formatParameterizedHeader('Content-Disposition', spec.disposition.type, p);
}

function encodeBody(body: Uint8Array, encoding: TransferEncoding): Uint8Array {
  return encoding === 'quoted-printable' ? encodeQuotedPrintable(body) : body;
}

/**
 * 7bit when the content is ASCII text in short lines that no transport will alter; quoted-printable
 * for text/* that is mostly ASCII; base64 otherwise. message/* is never encoded (RFC 2046 section 5.2).
 */
export function chooseTransferEncoding(body: Uint8Array, type: string): TransferEncoding {
  let nonAscii = 0;
  let longLine = false;
  let risky = false; // trailing whitespace or "From " at a line start: transports mangle these
  let bareBreak = false;
  let col = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b === 0x0d && body[i + 1] === 0x0a) {
      if (i > 0 && (body[i - 1] === 0x20 || body[i - 1] === 0x09)) risky = true;
      i++;
      col = 0;
      continue;
    }
    if (b === 0x0d || b === 0x0a) bareBreak = true;
    if (col === 0 && b === 0x46 && body[i + 1] === 0x72 && body[i + 2] === 0x6f && body[i + 3] === 0x6d && body[i + 4] === 0x20) {
      risky = true;
    }
    if (b >= 0x80 || b === 0 || (b < 0x20 && b !== 0x09)) nonAscii++;
    if (++col > 76) longLine = true;
  }
  const last = body[body.length - 1];
  if (last === 0x20 || last === 0x09) risky = true;
  if (type === 'message') return nonAscii > 0 || longLine ? '8bit' : '7bit';
  if (nonAscii === 0 && !longLine && !risky && !bareBreak) return '7bit';
  if (type === 'text' && nonAscii * 4 <= body.length) return 'quoted-printable';
  return 'base64';
}

function chooseBoundary(parts: Uint8Array[]): string {
  for (let t = 0; t < MAX_BOUNDARY_TRIES; t++) {
    const random = new Uint8Array(18);
    globalThis.crypto.getRandomValues(random);
    let hex = '';
    for (const b of random) hex += b.toString(16).padStart(2, '0');
    // "=_" cannot occur in base64 or quoted-printable output, which makes a collision even less likely.
    const boundary = `=_smime_${hex}`;
    const needle = utf8(`--${boundary}`);
    if (!parts.some((p) => contains(p, needle))) return boundary;
  }
  throw new EngineError('invalid-argument', 'could not find a MIME boundary absent from the content');
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let i = hay.indexOf(first); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

export interface AttachmentSpec {
  filename: string;
  /** Defaults to application/octet-stream. */
  contentType?: string;
  data: Uint8Array;
  inline?: boolean;
  /** Content-ID without angle brackets, for inline images referenced from HTML. */
  contentId?: string;
}

export interface MessageSpec {
  from: AddressInput | string;
  to?: (AddressInput | string)[];
  cc?: (AddressInput | string)[];
  replyTo?: (AddressInput | string)[];
  subject?: string;
  /** Defaults to now. */
  date?: Date;
  /** With or without angle brackets; generated when absent. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  body: { text?: string; html?: string };
  attachments?: AttachmentSpec[];
  /** Further header fields, written after the standard ones. */
  headers?: HeaderField[];
}

/**
 * The RFC 5322 header fields of a message (Date, From, To, Cc, Reply-To, Subject, Message-ID,
 * In-Reply-To, References, MIME-Version), ready to put on the outermost entity (for S/MIME, on the
 * multipart/signed or enveloped wrapper).
 */
export function buildMessageHeaders(spec: MessageSpec): HeaderField[] {
  const fields: HeaderField[] = [];
  const addresses = (name: string, list: (AddressInput | string)[]): HeaderField => {
    const atoms = addressListAtoms(list);
    return { name, value: atoms.join(' '), atoms };
  };
  fields.push({ name: 'Date', value: formatDate(spec.date ?? new Date()), encoded: true });
  fields.push(addresses('From', [spec.from]));
  if (spec.to?.length) fields.push(addresses('To', spec.to));
  if (spec.cc?.length) fields.push(addresses('Cc', spec.cc));
  if (spec.replyTo?.length) fields.push(addresses('Reply-To', spec.replyTo));
  if (spec.subject !== undefined) fields.push({ name: 'Subject', value: spec.subject });
  const fromAddress = typeof spec.from === 'string' ? spec.from : spec.from.address;
  fields.push({ name: 'Message-ID', value: msgId(spec.messageId ?? generateMessageId(fromAddress)), encoded: true });
  if (spec.inReplyTo !== undefined) fields.push({ name: 'In-Reply-To', value: msgId(spec.inReplyTo), encoded: true });
  if (spec.references?.length) {
    fields.push({ name: 'References', value: spec.references.map(msgId).join(' '), encoded: true });
  }
  fields.push({ name: 'MIME-Version', value: '1.0', encoded: true });
  return [...fields, ...(spec.headers ?? [])];
}

/**
 * The content entity of a message: text/plain, text/html, multipart/alternative for both, wrapped in
 * multipart/mixed when there are attachments. This is what an S/MIME signature covers.
 */
export function buildMessageContent(spec: MessageSpec): EntitySpec {
  const { text, html } = spec.body;
  let content: EntitySpec;
  if (text !== undefined && html !== undefined) {
    content = {
      contentType: 'multipart/alternative',
      parts: [
        { contentType: 'text/plain', body: text },
        { contentType: 'text/html', body: html },
      ],
    };
  } else if (html !== undefined) {
    content = { contentType: 'text/html', body: html };
  } else {
    content = { contentType: 'text/plain', body: text ?? '' };
  }
  const attachments = spec.attachments ?? [];
  if (attachments.length === 0) return content;
  return {
    contentType: 'multipart/mixed',
    parts: [
      content,
      ...attachments.map(
        (a): EntitySpec => ({
          contentType: a.contentType ?? 'application/octet-stream',
          params: { name: a.filename },
          disposition: { type: a.inline ? 'inline' : 'attachment', filename: a.filename },
          headers: a.contentId ? [{ name: 'Content-ID', value: msgId(a.contentId), encoded: true }] : [],
          body: a.data,
          transferEncoding: 'base64',
        }),
      ),
    ],
  };
}

/** A complete RFC 5322 message (UTF-8 content, CRLF line endings). */
export function buildMessage(spec: MessageSpec): Uint8Array {
  const content = buildMessageContent(spec);
  return buildEntity({ ...content, headers: [...buildMessageHeaders(spec), ...(content.headers ?? [])] });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in UTC, e.g. "Mon, 26 Jan 2026 14:38:03 +0000". */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new EngineError('invalid-argument', 'invalid date');
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

function msgId(id: string): string {
  const bare = flattenLineBreaks(id).trim().replace(/^<|>$/g, '');
  if (!/^[\x21-\x7e]+$/.test(bare) || /[<>]/.test(bare)) {
    throw new EngineError('invalid-argument', `invalid message id "${id}"`);
  }
  return `<${bare}>`;
}

function generateMessageId(fromAddress: string): string {
  const random = new Uint8Array(16);
  globalThis.crypto.getRandomValues(random);
  let hex = '';
  for (const b of random) hex += b.toString(16).padStart(2, '0');
  const at = fromAddress.lastIndexOf('@');
  const domain = at >= 0 && /^[A-Za-z0-9.-]+$/.test(fromAddress.slice(at + 1)) ? fromAddress.slice(at + 1) : 'localhost';
  return `<${hex}@${domain}>`;
}
