// RFC 5322 / MIME parser that keeps the exact bytes of every entity. A multipart/signed signature
// covers the first child byte-for-byte, so every entity is a subarray of the input, never a re-encoding.
import { EngineError } from '../errors';
import { removeParenSpans, trimLeading, trimTrailing } from '../linear-text';
import { defaultContentType, parseContentTypeStrict, type ContentType } from './parse-content-type';

export type { ContentType } from './parse-content-type';

export interface MimeHeader {
  /** Field name as written (case preserved, surrounding whitespace removed). */
  name: string;
  /** Unfolded value, leading/trailing whitespace trimmed, NOT RFC 2047-decoded. UTF-8 if valid, else Latin-1. */
  value: string;
  /** Exact bytes of the field, including its continuation lines and final line break. */
  raw: Uint8Array;
}

export interface MimeEntity {
  /** Exact bytes of the entity (headers + blank line + body), a subarray of the parsed input. */
  raw: Uint8Array;
  /** Offsets of `raw` in the top-level input. */
  start: number;
  end: number;
  /** Header fields as written, each ending with its line break; excludes the blank separator line. */
  headerBytes: Uint8Array;
  /** Body bytes after the blank line, before any transfer decoding. */
  body: Uint8Array;
  /** Offset of `body` in the top-level input. */
  bodyStart: number;
  headers: MimeHeader[];
  contentType: ContentType;
  /** True when a syntactically valid Content-Type header was present (otherwise the default applies). */
  contentTypeExplicit: boolean;
  /** Lowercased Content-Transfer-Encoding; "7bit" when absent. */
  transferEncoding: string;
  /** Multipart body parts, or the single encapsulated message of a message/rfc822 entity. */
  children: MimeEntity[];
  /** Multipart only: bytes before the first delimiter (excluding the CRLF that belongs to it). */
  preamble?: Uint8Array;
  /** Multipart only: bytes after the close-delimiter line. */
  epilogue?: Uint8Array;
  /** Multipart only: the boundary parameter. */
  boundary?: string;
  /**
   * Multipart only: a line in the body (preamble, a part, or the epilogue) starts with "--boundary" but is not exactly
   * a delimiter. RFC 2046 lets parsers match delimiters by prefix (OpenSSL and git do), so they split there and we do not.
   */
  boundaryPrefixLine?: boolean;
  /** Multipart whose close delimiter (or every delimiter) is missing; the last part runs to the end. */
  truncated: boolean;
  /** Nesting depth; the top-level entity is 0. */
  depth: number;
}

export interface ParseMimeOptions {
  /** Deepest allowed entity (top level is 0). Default 32. */
  maxDepth?: number;
  /** Most entities in the whole tree. Default 2000. */
  maxParts?: number;
  /** Most header fields in one entity. Default 10000. */
  maxHeaders?: number;
}

interface Ctx {
  bytes: Uint8Array;
  maxDepth: number;
  maxParts: number;
  maxHeaders: number;
  parts: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const DASH = 0x2d;
const COLON = 0x3a;

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/**
 * Parse a MIME message. The input should be in canonical CRLF form (see canonicalizeCrlf); LF-only
 * input parses too, but then the exact-bytes guarantees are about the LF bytes given.
 * Throws only EngineError('malformed') when the depth or part limits are exceeded.
 */
export function parseMime(bytes: Uint8Array, opts: ParseMimeOptions = {}): MimeEntity {
  const ctx: Ctx = {
    bytes,
    maxDepth: opts.maxDepth ?? 32,
    maxParts: opts.maxParts ?? 2000,
    maxHeaders: opts.maxHeaders ?? 10000,
    parts: 0,
  };
  return parseEntity(ctx, 0, bytes.length, 0, 'text/plain', true);
}

/** First header with this name (case-insensitive), unfolded, or undefined. */
export function getHeader(entity: { headers: MimeHeader[] }, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of entity.headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/** Every header with this name (case-insensitive), in order. */
export function getHeaders(entity: { headers: MimeHeader[] }, name: string): string[] {
  const lower = name.toLowerCase();
  return entity.headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
}

function parseEntity(
  ctx: Ctx,
  start: number,
  end: number,
  depth: number,
  defaultType: string,
  topLevel: boolean,
): MimeEntity {
  if (depth > ctx.maxDepth) {
    throw new EngineError('malformed', `MIME nesting deeper than ${ctx.maxDepth} levels`);
  }
  if (++ctx.parts > ctx.maxParts) {
    throw new EngineError('malformed', `MIME message has more than ${ctx.maxParts} parts`);
  }
  const { bytes } = ctx;
  const { headers, headerEnd, bodyStart } = parseHeaderBlock(ctx, start, end, topLevel);

  const ctHeader = getHeader({ headers }, 'content-type');
  const parsedType = ctHeader === undefined ? undefined : parseContentTypeStrict(ctHeader);
  const contentType = parsedType ?? defaultContentType(defaultType);
  const contentTypeExplicit = parsedType !== undefined;
  const cte = getHeader({ headers }, 'content-transfer-encoding');
  const transferEncoding = cte === undefined ? '7bit' : removeParenSpans(cte).trim().toLowerCase() || '7bit';

  const entity: MimeEntity = {
    raw: bytes.subarray(start, end),
    start,
    end,
    headerBytes: bytes.subarray(start, headerEnd),
    body: bytes.subarray(bodyStart, end),
    bodyStart,
    headers,
    contentType,
    contentTypeExplicit,
    transferEncoding,
    children: [],
    truncated: false,
    depth,
  };

  const boundary = contentType.params.boundary;
  if (contentType.type === 'multipart' && boundary !== undefined && boundary.length > 0) {
    parseMultipart(ctx, entity, boundary);
  } else if (
    (contentType.mediaType === 'message/rfc822' || contentType.mediaType === 'message/global') &&
    (transferEncoding === '7bit' || transferEncoding === '8bit' || transferEncoding === 'binary')
  ) {
    // A base64-encoded message/rfc822 (not allowed, but seen) has no bytes in the input to point at; leave it a leaf.
    entity.children.push(parseEntity(ctx, bodyStart, end, depth + 1, 'text/plain', false));
  }
  return entity;
}

interface HeaderBlock {
  headers: MimeHeader[];
  headerEnd: number; // start of the blank line (or of the body when there is none)
  bodyStart: number;
}

function parseHeaderBlock(ctx: Ctx, start: number, end: number, topLevel: boolean): HeaderBlock {
  const { bytes } = ctx;
  const headers: MimeHeader[] = [];
  let p = start;
  while (p < end) {
    // Blank line: end of the header block.
    if (bytes[p] === LF) return { headers, headerEnd: p, bodyStart: p + 1 };
    if (bytes[p] === CR && p + 1 < end && bytes[p + 1] === LF) return { headers, headerEnd: p, bodyStart: p + 2 };
    // One field: its first line plus continuation lines that start with whitespace.
    let next = lineEnd(bytes, p, end);
    while (next < end && (bytes[next] === SP || bytes[next] === HT)) next = lineEnd(bytes, next, end);
    const colon = findFieldColon(bytes, p, next);
    if (colon < 0) {
      // An mbox "From " envelope line at the very top is skipped; any other non-field line starts the body.
      if (topLevel && p === start && isMboxFromLine(bytes, p, end)) {
        p = next;
        continue;
      }
      return { headers, headerEnd: p, bodyStart: p };
    }
    if (headers.length >= ctx.maxHeaders) {
      throw new EngineError('malformed', `MIME entity has more than ${ctx.maxHeaders} header fields`);
    }
    headers.push({
      name: asciiString(bytes, p, colon).trim(),
      value: unfold(decodeHeaderValue(bytes.subarray(colon + 1, next))),
      raw: bytes.subarray(p, next),
    });
    p = next;
  }
  // No blank line: everything is header, the body is empty.
  return { headers, headerEnd: end, bodyStart: end };
}

// Index just past the LF ending the line at p, or `end`.
function lineEnd(bytes: Uint8Array, p: number, end: number): number {
  const nl = bytes.indexOf(LF, p);
  return nl === -1 || nl >= end ? end : nl + 1;
}

// Position of the ':' after a valid field name (printable ASCII except ':'; optional WSP before ':'), or -1.
function findFieldColon(bytes: Uint8Array, p: number, next: number): number {
  let i = p;
  while (i < next && bytes[i] > SP && bytes[i] < 0x7f && bytes[i] !== COLON) i++;
  if (i === p) return -1;
  while (i < next && (bytes[i] === SP || bytes[i] === HT)) i++;
  return i < next && bytes[i] === COLON ? i : -1;
}

function isMboxFromLine(bytes: Uint8Array, p: number, end: number): boolean {
  return end - p >= 5 && bytes[p] === 0x46 && bytes[p + 1] === 0x72 && bytes[p + 2] === 0x6f && bytes[p + 3] === 0x6d && bytes[p + 4] === SP;
}

function asciiString(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function decodeHeaderValue(v: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < v.length; i++) {
    if (v[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    try {
      return utf8Fatal.decode(v); // RFC 6532 UTF-8 headers
    } catch {
      // fall through to Latin-1: lossless, one char per byte
    }
  }
  let s = '';
  const CHUNK = 0x2000;
  for (let i = 0; i < v.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(v.subarray(i, Math.min(i + CHUNK, v.length))));
  }
  return s;
}

function unfold(v: string): string {
  return trimLeading(trimTrailing(v.replace(/\r?\n(?=[ \t])/g, ''), ' \t\r\n'), ' \t');
}

interface Delimiter {
  /** Start of the line break that precedes the delimiter line (it belongs to the delimiter). */
  eolStart: number;
  /** Index just past the delimiter line's own line break (or end). */
  after: number;
  close: boolean;
}

function parseMultipart(ctx: Ctx, entity: MimeEntity, boundary: string): void {
  const { bytes } = ctx;
  const bnd = new TextEncoder().encode(boundary);
  const bodyStart = entity.bodyStart;
  const end = entity.end;
  entity.boundary = boundary;

  const seen = { prefixLine: false };
  let d = findDelimiter(bytes, bnd, bodyStart, bodyStart, end, seen);
  if (d === null) {
    // No delimiter at all: everything is preamble, there are no parts.
    entity.preamble = bytes.subarray(bodyStart, end);
    entity.epilogue = bytes.subarray(end, end);
    entity.truncated = true;
    if (seen.prefixLine) entity.boundaryPrefixLine = true;
    return;
  }
  entity.preamble = bytes.subarray(bodyStart, d.eolStart);
  while (!d.close) {
    const partStart = d.after;
    const next = findDelimiter(bytes, bnd, partStart, bodyStart, end, seen);
    if (next === null) {
      entity.children.push(parseEntity(ctx, partStart, end, entity.depth + 1, childDefault(entity), false));
      entity.epilogue = bytes.subarray(end, end);
      entity.truncated = true;
      if (seen.prefixLine) entity.boundaryPrefixLine = true;
      return;
    }
    // An empty part (delimiter right after delimiter) would have eolStart before partStart.
    const partEnd = Math.max(partStart, next.eolStart);
    entity.children.push(parseEntity(ctx, partStart, partEnd, entity.depth + 1, childDefault(entity), false));
    d = next;
  }
  entity.epilogue = bytes.subarray(d.after, end);
  // The epilogue too: a prefix-matching parser would take such a line as one more part.
  if (d.after < end) findDelimiter(bytes, bnd, d.after, bodyStart, end, seen, true);
  if (seen.prefixLine) entity.boundaryPrefixLine = true;
}

function childDefault(parent: MimeEntity): string {
  return parent.contentType.subtype === 'digest' ? 'message/rfc822' : 'text/plain';
}

/**
 * Next line in [from, end) that is "--boundary" or "--boundary--", followed only by transport padding
 * (SP/HT) and a line break or the end. Exact match after the dashes means a boundary that is a prefix
 * of another boundary never matches the longer one. `from` must be at a line start.
 */
function findDelimiter(
  bytes: Uint8Array,
  bnd: Uint8Array,
  from: number,
  bodyStart: number,
  end: number,
  seen: { prefixLine: boolean },
  prefixOnly = false,
): Delimiter | null {
  let p = from;
  while (p < end) {
    const dash = bytes.indexOf(DASH, p);
    if (dash === -1 || dash >= end) return null;
    if (dash === from || bytes[dash - 1] === LF) {
      const d = prefixOnly ? null : matchDelimiter(bytes, bnd, dash, bodyStart, end);
      if (d !== null) return d;
      if (startsWithBoundary(bytes, bnd, dash, end)) seen.prefixLine = true;
    }
    const nl = bytes.indexOf(LF, dash);
    if (nl === -1 || nl >= end) return null;
    p = nl + 1;
  }
  return null;
}

function startsWithBoundary(bytes: Uint8Array, bnd: Uint8Array, ls: number, end: number): boolean {
  if (ls + 2 + bnd.length > end || bytes[ls + 1] !== DASH) return false;
  for (let k = 0; k < bnd.length; k++) if (bytes[ls + 2 + k] !== bnd[k]) return false;
  return true;
}

function matchDelimiter(bytes: Uint8Array, bnd: Uint8Array, ls: number, bodyStart: number, end: number): Delimiter | null {
  let q = ls + 2;
  if (q + bnd.length > end || bytes[ls + 1] !== DASH) return null;
  for (let k = 0; k < bnd.length; k++) if (bytes[q + k] !== bnd[k]) return null;
  q += bnd.length;
  let close = false;
  if (q + 1 < end && bytes[q] === DASH && bytes[q + 1] === DASH) {
    close = true;
    q += 2;
  }
  while (q < end && (bytes[q] === SP || bytes[q] === HT)) q++;
  let after: number;
  if (q >= end) after = end;
  else if (bytes[q] === LF) after = q + 1;
  else if (bytes[q] === CR && (q + 1 >= end || bytes[q + 1] === LF)) after = Math.min(q + 2, end);
  else return null;
  let eolStart = ls;
  if (ls > bodyStart && bytes[ls - 1] === LF) {
    eolStart = ls - 1;
    if (ls - 1 > bodyStart && bytes[ls - 2] === CR) eolStart = ls - 2;
  }
  return { eolStart, after, close };
}
