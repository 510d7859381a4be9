// The engine's one bounded BER/DER reader (CMS, PKCS#12, PKCS#8, certificates). BER is needed because OpenSSL
// -stream, Outlook, NSS and Windows write indefinite lengths and constructed OCTET STRINGs; every node keeps its
// exact byte range, since signatures cover bytes as received. Depth, element count and lengths are hard-bounded.
import { EngineError } from '../errors';
import { concatByteList } from '../bytes';

export const CLASS_UNIVERSAL = 0;
export const CLASS_CONTEXT = 2;

export const TAG_BOOLEAN = 1;
export const TAG_INTEGER = 2;
export const TAG_BIT_STRING = 3;
export const TAG_OCTET_STRING = 4;
export const TAG_NULL = 5;
export const TAG_OID = 6;
export const TAG_UTF8_STRING = 12;
export const TAG_SEQUENCE = 16;
export const TAG_SET = 17;
export const TAG_UTC_TIME = 23;
export const TAG_GENERALIZED_TIME = 24;
export const TAG_BMP_STRING = 30;

/** Nesting beyond this is hostile: real CMS/PKCS#12 structures stay under ~20 levels per parse. */
export const MAX_DEPTH = 64;
/** Elements per parse; a flood of tiny elements must fail fast instead of eating memory. */
export const MAX_ELEMENTS = 500_000;
/**
 * Elements per input byte. A node costs about 115 bytes of memory, so 2-byte elements could cost 57x the input;
 * real DER (certificates, CMS, PKCS#12) has at most about one element per 7 bytes. One per 4 bytes keeps a
 * parse under about 30x its input, inside the engine's 50x memory promise.
 */
export const MAX_ELEMENTS_PER_BYTE = 1 / 4;
/** Small inputs always get this many elements, whatever their length. */
const MIN_ELEMENT_ALLOWANCE = 1024;
/** Shared by every primitive node (never mutated): one empty array per node is a quarter of a node's memory. */
const NO_CHILDREN: Asn1Node[] = [];

export interface Asn1Node {
  cls: number; // 0 universal, 1 application, 2 context-specific, 3 private
  constructed: boolean;
  tag: number; // tag number (not the identifier octet; see identifierOctet)
  start: number; // offset of the identifier octet in `input`
  contentStart: number;
  contentEnd: number; // exclusive; excludes the end-of-contents octets of an indefinite length
  end: number; // exclusive; includes end-of-contents octets
  indefinite: boolean;
  children: Asn1Node[]; // empty for primitive elements
  input: Uint8Array;
}

export function malformed(reason: string): EngineError {
  return new EngineError('malformed', `Malformed ASN.1: ${reason}`, { reason });
}

/** Parses exactly one element spanning the whole of `input` (trailing bytes are an error). */
export function parseBer(input: Uint8Array): Asn1Node {
  const maxElements = Math.min(MAX_ELEMENTS, MIN_ELEMENT_ALLOWANCE + Math.floor(input.length * MAX_ELEMENTS_PER_BYTE));
  const state = { elements: 0, maxElements };
  const node = parseNode(input, 0, input.length, 0, state);
  if (node.end !== input.length) throw malformed(`${input.length - node.end} trailing bytes after the outer element`);
  return node;
}

function parseNode(input: Uint8Array, offset: number, limit: number, depth: number, state: { elements: number; maxElements: number }): Asn1Node {
  if (depth > MAX_DEPTH) throw malformed('nesting too deep');
  if (++state.elements > state.maxElements) throw new EngineError('too-large', 'ASN.1 structure has too many elements');
  const start = offset;
  if (offset >= limit) throw malformed('truncated (expected a tag)');
  const b0 = input[offset++];
  const cls = b0 >> 6;
  const constructed = (b0 & 0x20) !== 0;
  let tag = b0 & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (i >= 4) throw malformed('tag number too large');
      if (offset >= limit) throw malformed('truncated tag');
      const b = input[offset++];
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (offset >= limit) throw malformed('truncated (expected a length)');
  const lb = input[offset++];
  let indefinite = false;
  let length = 0;
  if (lb === 0x80) {
    if (!constructed) throw malformed('indefinite length on a primitive element');
    indefinite = true;
  } else if (lb > 0x80) {
    const n = lb & 0x7f;
    if (n > 4) throw malformed('length field too large');
    for (let i = 0; i < n; i++) {
      if (offset >= limit) throw malformed('truncated length');
      length = length * 256 + input[offset++];
    }
  } else {
    length = lb;
  }
  if (cls === CLASS_UNIVERSAL && tag === 0) throw malformed('unexpected end-of-contents');
  const contentStart = offset;
  const children: Asn1Node[] = constructed ? [] : NO_CHILDREN;
  if (!indefinite) {
    if (length > limit - offset) throw malformed('length exceeds the available input (truncated?)');
    const contentEnd = offset + length;
    if (constructed) {
      let p = contentStart;
      while (p < contentEnd) {
        const child = parseNode(input, p, contentEnd, depth + 1, state);
        children.push(child);
        p = child.end;
      }
    }
    return { cls, constructed, tag, start, contentStart, contentEnd, end: contentEnd, indefinite, children, input };
  }
  // Indefinite: children until the 00 00 end-of-contents marker. Each child consumes >= 2 bytes, so this ends.
  let p = contentStart;
  for (;;) {
    if (p + 2 > limit) throw malformed('missing end-of-contents (truncated?)');
    if (input[p] === 0 && input[p + 1] === 0) break;
    const child = parseNode(input, p, limit, depth + 1, state);
    children.push(child);
    p = child.end;
  }
  return { cls, constructed, tag, start, contentStart, contentEnd: p, end: p + 2, indefinite, children, input };
}

/** The full encoding of the element (identifier, length, contents), sharing the input buffer. */
export function rawBytes(n: Asn1Node): Uint8Array {
  return n.input.subarray(n.start, n.end);
}

/** The content octets exactly as encoded (for a constructed element: its children's encodings). */
export function innerBytes(n: Asn1Node): Uint8Array {
  return n.input.subarray(n.contentStart, n.contentEnd);
}

/**
 * The value of a string type: a primitive's contents, or for a BER constructed string the concatenation of its
 * segments. Segments must be universal and of the string's own type (OCTET STRING for an implicitly tagged one).
 */
export function contentBytes(n: Asn1Node): Uint8Array {
  if (!n.constructed) return innerBytes(n);
  const segmentTag = n.cls === CLASS_UNIVERSAL ? n.tag : TAG_OCTET_STRING;
  const parts: Uint8Array[] = [];
  const walk = (x: Asn1Node): void => {
    for (const c of x.children) {
      if (c.cls !== CLASS_UNIVERSAL || c.tag !== segmentTag) throw malformed('bad segment inside a constructed string');
      if (c.constructed) walk(c);
      else parts.push(innerBytes(c));
    }
  };
  walk(n);
  return parts.length === 1 ? parts[0] : concatByteList(parts);
}

/** The first identifier octet (e.g. 0x30 SEQUENCE, 0xa0 [0] constructed, 0x80 [0] primitive); -1 when absent. */
export function identifierOctet(n: Asn1Node | undefined): number {
  return n === undefined ? -1 : n.input[n.start];
}

export function isUniversal(n: Asn1Node | undefined, tag: number): n is Asn1Node {
  return n !== undefined && n.cls === CLASS_UNIVERSAL && n.tag === tag;
}

export function isContext(n: Asn1Node | undefined, tag: number): n is Asn1Node {
  return n !== undefined && n.cls === CLASS_CONTEXT && n.tag === tag;
}

export function expectUniversal(n: Asn1Node | undefined, tag: number, what: string): Asn1Node {
  if (!isUniversal(n, tag)) throw malformed(`${what}: unexpected or missing element`);
  const mustBeConstructed = tag === TAG_SEQUENCE || tag === TAG_SET;
  if (mustBeConstructed && !n.constructed) throw malformed(`${what}: must be constructed`);
  const mustBePrimitive = tag === TAG_INTEGER || tag === TAG_OID || tag === TAG_NULL || tag === TAG_BOOLEAN;
  if (mustBePrimitive && n.constructed) throw malformed(`${what}: must be primitive`);
  return n;
}

export function expectSequence(n: Asn1Node | undefined, what: string): Asn1Node {
  return expectUniversal(n, TAG_SEQUENCE, what);
}

export function expectContext(n: Asn1Node | undefined, tag: number, what: string): Asn1Node {
  if (!isContext(n, tag)) throw malformed(`expected [${tag}] ${what}`);
  return n;
}

/** An element by its identifier octet (exact class, constructed bit and low tag number). */
export function expectIdentifier(n: Asn1Node | undefined, identifier: number, what: string): Asn1Node {
  if (n === undefined) throw malformed(`${what} is missing`);
  const got = identifierOctet(n);
  if (got !== identifier) throw malformed(`${what}: expected tag 0x${identifier.toString(16)}, got 0x${got.toString(16)}`);
  return n;
}

/** The children of a constructed element; a missing or primitive element is malformed. */
export function childrenOf(n: Asn1Node | undefined, what = 'element'): Asn1Node[] {
  if (n === undefined) throw malformed(`${what} is missing`);
  if (!n.constructed) throw malformed(`${what}: expected a constructed element`);
  return n.children;
}

/** Sequential access to the children of a SEQUENCE, with optional context-tagged fields. */
export class Cursor {
  private i = 0;
  constructor(private readonly nodes: Asn1Node[], private readonly what: string) {}
  peek(): Asn1Node | undefined {
    return this.nodes[this.i];
  }
  next(): Asn1Node {
    const n = this.nodes[this.i++];
    if (n === undefined) throw malformed(`${this.what}: missing field`);
    return n;
  }
  optionalContext(tag: number): Asn1Node | undefined {
    const n = this.nodes[this.i];
    if (isContext(n, tag)) {
      this.i++;
      return n;
    }
    return undefined;
  }
  done(): boolean {
    return this.i >= this.nodes.length;
  }
  expectEnd(): void {
    if (!this.done()) throw malformed(`${this.what}: unexpected extra field`);
  }
}
