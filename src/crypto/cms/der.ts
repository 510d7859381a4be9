// Bounded BER/DER reader for CMS. OpenSSL -stream and Outlook emit indefinite lengths, and verification needs the
// exact bytes of some elements (signedAttrs, certificates), which an object model that re-encodes would lose.
// Every limit (depth, element count, length, OID size) is explicit so attacker input cannot crash or hang us.
import { EngineError } from '../errors';
import { concatBytes } from '../bytes';
import type { AlgorithmIdentifier } from './cms-types';

export const CLASS_UNIVERSAL = 0;
export const CLASS_CONTEXT = 2;

export const TAG_BOOLEAN = 1;
export const TAG_INTEGER = 2;
export const TAG_BIT_STRING = 3;
export const TAG_OCTET_STRING = 4;
export const TAG_NULL = 5;
export const TAG_OID = 6;
export const TAG_UTC_TIME = 23;
export const TAG_GENERALIZED_TIME = 24;
export const TAG_SEQUENCE = 16;
export const TAG_SET = 17;

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 500_000;
const MAX_OID_BYTES = 128;

export interface Asn1Node {
  cls: number; // 0 universal, 1 application, 2 context-specific, 3 private
  constructed: boolean;
  tag: number;
  start: number; // offset of the identifier octet in `input`
  contentStart: number;
  contentEnd: number; // exclusive; excludes the end-of-contents octets of an indefinite length
  end: number; // exclusive; includes end-of-contents octets
  indefinite: boolean;
  children: Asn1Node[]; // empty for primitive elements
  input: Uint8Array;
}

export function malformed(reason: string): EngineError {
  return new EngineError('malformed', `Malformed CMS: ${reason}`, { reason });
}

/** Parse exactly one element spanning the whole of `input` (trailing bytes are an error). */
export function parseDer(input: Uint8Array): Asn1Node {
  const state = { elements: 0 };
  const node = parseNode(input, 0, input.length, 0, state);
  if (node.end !== input.length) throw malformed(`${input.length - node.end} trailing bytes after the outer element`);
  return node;
}

function parseNode(input: Uint8Array, offset: number, limit: number, depth: number, state: { elements: number }): Asn1Node {
  if (depth > MAX_DEPTH) throw malformed('nesting too deep');
  if (++state.elements > MAX_ELEMENTS) throw new EngineError('too-large', 'CMS structure has too many ASN.1 elements');
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
  const children: Asn1Node[] = [];
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

/** Contents of a primitive element; for a BER constructed string, the concatenation of its chunks. */
export function contentBytes(n: Asn1Node): Uint8Array {
  if (!n.constructed) return n.input.subarray(n.contentStart, n.contentEnd);
  const parts: Uint8Array[] = [];
  const walk = (x: Asn1Node): void => {
    for (const c of x.children) {
      // Chunks of a constructed string must carry the same universal type as the string itself.
      if (c.cls !== CLASS_UNIVERSAL || c.tag !== (n.cls === CLASS_UNIVERSAL ? n.tag : c.tag)) {
        throw malformed('bad chunk inside a constructed string');
      }
      if (c.constructed) walk(c);
      else parts.push(c.input.subarray(c.contentStart, c.contentEnd));
    }
  };
  walk(n);
  return parts.length === 1 ? parts[0] : concatBytes(...parts);
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

export function decodeOid(n: Asn1Node): string {
  const bytes = contentBytes(expectUniversal(n, TAG_OID, 'object identifier'));
  return oidFromBytes(bytes);
}

export function oidFromBytes(bytes: Uint8Array): string {
  if (bytes.length === 0 || bytes.length > MAX_OID_BYTES) throw malformed('bad object identifier length');
  if ((bytes[bytes.length - 1] & 0x80) !== 0) throw malformed('truncated object identifier');
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < bytes.length; i++) {
    v = (v << 7n) | BigInt(bytes[i] & 0x7f);
    if ((bytes[i] & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map((a) => a.toString()).join('.');
}

/** INTEGER contents as given (two's complement, big-endian). */
export function integerBytes(n: Asn1Node, what: string): Uint8Array {
  const b = contentBytes(expectUniversal(n, TAG_INTEGER, what));
  if (b.length === 0) throw malformed(`${what}: empty INTEGER`);
  return b;
}

/** Small non-negative INTEGER (versions, salt lengths). */
export function decodeSmallInt(n: Asn1Node, what: string): number {
  const b = integerBytes(n, what);
  if (b.length > 4 || (b[0] & 0x80) !== 0) throw malformed(`${what}: integer out of range`);
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

/** Unsigned big-endian magnitude of an INTEGER (leading sign zeros removed). */
export function unsignedIntegerBytes(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** UTCTime / GeneralizedTime (Z form, optional fractional seconds) to a Date. */
export function decodeTime(n: Asn1Node): Date {
  if (n.cls !== CLASS_UNIVERSAL || (n.tag !== TAG_UTC_TIME && n.tag !== TAG_GENERALIZED_TIME)) {
    throw malformed('expected UTCTime or GeneralizedTime');
  }
  const b = contentBytes(n);
  if (b.length > 32) throw malformed('time too long');
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  const m =
    n.tag === TAG_UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?Z$/.exec(s);
  if (!m) throw malformed(`unsupported time format "${s.replace(/[^\x20-\x7e]/g, '?')}"`);
  let year = Number(m[1]);
  if (n.tag === TAG_UTC_TIME) year += year < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = n.tag === TAG_GENERALIZED_TIME && m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) throw malformed('time out of range');
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, se, ms));
  if (n.tag === TAG_GENERALIZED_TIME && year < 100) date.setUTCFullYear(year);
  return date;
}

export function parseAlgorithmIdentifier(n: Asn1Node, what: string): AlgorithmIdentifier {
  const seq = expectUniversal(n, TAG_SEQUENCE, what);
  const c = new Cursor(seq.children, what);
  const oid = decodeOid(c.next());
  const p = c.peek();
  if (p) c.next();
  c.expectEnd();
  return p ? { oid, parameters: rawBytes(p) } : { oid };
}
