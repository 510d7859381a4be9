// A small, bounded BER/DER reader for CMS envelopes. BER (not just DER) is needed because OpenSSL -stream and
// Outlook write indefinite lengths and constructed OCTET STRINGs; every length and nesting depth is checked.

import { EngineError } from '../errors';
import { concatBytes } from '../bytes';

export interface Tlv {
  /** First identifier octet, e.g. 0x30 for SEQUENCE, 0xa0 for [0] constructed. Only low-tag-number form. */
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet in `buf`. */
  start: number;
  contentStart: number;
  /** End of the content (excluding end-of-contents octets of an indefinite length). */
  contentEnd: number;
  /** End of the whole element (including end-of-contents octets). */
  end: number;
  indefinite: boolean;
  buf: Uint8Array;
}

const MAX_DEPTH = 48;

function fail(msg: string): never {
  throw new EngineError('malformed', `Malformed CMS structure: ${msg}`);
}

/** Reads one element at `offset` that must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length, depth = 0): Tlv {
  if (depth > MAX_DEPTH) fail('nesting too deep');
  if (offset + 2 > limit) fail('truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) fail('high tag numbers are not used in CMS');
  const constructed = (tag & 0x20) !== 0;
  let p = offset + 1;
  const first = buf[p++];
  if (first < 0x80) {
    const end = p + first;
    if (end > limit) fail('length beyond end of data');
    return { tag, constructed, start: offset, contentStart: p, contentEnd: end, end, indefinite: false, buf };
  }
  if (first === 0x80) {
    if (!constructed) fail('indefinite length on a primitive element');
    // Walk the children until the end-of-contents marker.
    const contentStart = p;
    let q = p;
    for (;;) {
      if (q + 2 > limit) fail('missing end-of-contents');
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      q = readTlv(buf, q, limit, depth + 1).end;
    }
    return { tag, constructed, start: offset, contentStart, contentEnd: q, end: q + 2, indefinite: true, buf };
  }
  const n = first & 0x7f;
  if (n > 4) fail('length too large');
  if (p + n > limit) fail('truncated length');
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
  p += n;
  const end = p + len;
  if (end > limit) fail('length beyond end of data');
  return { tag, constructed, start: offset, contentStart: p, contentEnd: end, end, indefinite: false, buf };
}

/** Reads a complete element that must fill `buf` exactly. */
export function readRoot(buf: Uint8Array): Tlv {
  const t = readTlv(buf, 0, buf.length);
  if (t.end !== buf.length) fail('trailing data after the structure');
  return t;
}

export function children(t: Tlv, depth = 0): Tlv[] {
  if (!t.constructed) fail(`expected a constructed element, got tag 0x${t.tag.toString(16)}`);
  const out: Tlv[] = [];
  let p = t.contentStart;
  while (p < t.contentEnd) {
    const c = readTlv(t.buf, p, t.contentEnd, depth + 1);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function content(t: Tlv): Uint8Array {
  return t.buf.subarray(t.contentStart, t.contentEnd);
}

/** The element's own encoding (identifier through end), as found in the input. */
export function raw(t: Tlv): Uint8Array {
  return t.buf.subarray(t.start, t.end);
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t) fail(`${what} is missing`);
  if (t.tag !== tag) fail(`${what}: expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)}`);
  return t;
}

/**
 * The bytes of an OCTET STRING (or an implicitly tagged one), joining the segments of a constructed
 * BER encoding in order. `primitiveTag`/`constructedTag` say which identifiers are acceptable.
 */
export function octets(t: Tlv, depth = 0): Uint8Array {
  if (!t.constructed) return content(t);
  if (depth > 8) fail('constructed OCTET STRING nested too deep');
  const parts: Uint8Array[] = [];
  for (const c of children(t)) {
    if ((c.tag & 0x1f) !== 0x04) fail('segment of a constructed OCTET STRING is not an OCTET STRING');
    parts.push(octets(c, depth + 1));
  }
  return parts.length === 1 ? parts[0] : concatBytes(...parts);
}

export function readOid(t: Tlv): string {
  if (t.tag !== 0x06) fail('expected an OBJECT IDENTIFIER');
  const b = content(t);
  if (b.length === 0 || b.length > 64) fail('bad OBJECT IDENTIFIER length');
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    if (v > 0x1fffffffffff) fail('OBJECT IDENTIFIER arc too large');
    v = v * 128 + (b[i] & 0x7f);
    if ((b[i] & 0x80) === 0) {
      arcs.push(v);
      v = 0;
    } else if (i === b.length - 1) fail('truncated OBJECT IDENTIFIER');
  }
  const first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
  const second = arcs[0] - first * 40;
  return [first, second, ...arcs.slice(1)].join('.');
}

/** A small non-negative INTEGER as a number (versions, ICV lengths). */
export function readSmallInt(t: Tlv): number {
  if (t.tag !== 0x02) fail('expected an INTEGER');
  const b = content(t);
  if (b.length === 0 || b.length > 4 || (b[0] & 0x80) !== 0) fail('INTEGER out of range');
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

/** INTEGER content bytes with any leading zero octets removed (for serials and RSA key components). */
export function readUnsignedIntBytes(t: Tlv): Uint8Array {
  if (t.tag !== 0x02) fail('expected an INTEGER');
  const b = content(t);
  if (b.length === 0) fail('empty INTEGER');
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** BIT STRING content without the unused-bits octet (which must be 0 for keys). */
export function readBitStringBytes(t: Tlv): Uint8Array {
  if (t.tag !== 0x03) fail('expected a BIT STRING');
  const b = content(t);
  if (b.length < 1 || b[0] !== 0) fail('BIT STRING with unused bits');
  return b.subarray(1);
}

export interface AlgorithmIdentifier {
  oid: string;
  /** The parameters element, if present (NULL counts as present). */
  params?: Tlv;
  /** The whole AlgorithmIdentifier encoding, as received. */
  der: Uint8Array;
}

export function readAlgorithmIdentifier(t: Tlv, what: string): AlgorithmIdentifier {
  expectTag(t, 0x30, what);
  const c = children(t);
  if (c.length < 1 || c.length > 2) fail(`${what}: bad AlgorithmIdentifier`);
  return { oid: readOid(c[0]), params: c[1], der: raw(t) };
}
