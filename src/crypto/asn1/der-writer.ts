// The engine's one DER writer, for what we create (SignedData, EnvelopedData, PFX, KDF inputs). Writing DER
// ourselves keeps signed bytes exactly what we hashed; SET OF is sorted as DER requires (X.690 §11.6).
import { concatBytes } from '../bytes';

export function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  const bytes: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Identifier and length octets only: the contents (e.g. a large ciphertext) are written separately. */
export function tlvHeader(identifier: number, contentLength: number): Uint8Array {
  const len = encodeLength(contentLength);
  const out = new Uint8Array(1 + len.length);
  out[0] = identifier;
  out.set(len, 1);
  return out;
}

/** One element from its identifier octet and contents (several parts are concatenated), in one allocation. */
export function tlv(identifier: number, ...content: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of content) length += c.length;
  const len = encodeLength(length);
  const out = new Uint8Array(1 + len.length + length);
  out[0] = identifier;
  out.set(len, 1);
  let o = 1 + len.length;
  for (const c of content) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * An encoding kept as a list of chunks, so that a large field (a ciphertext) is never copied per nesting
 * level: the encoding is the chunks in order. Parts may be finished encodings or chunk lists.
 */
export type DerChunks = Uint8Array[];

export function tlvChunks(identifier: number, ...content: (Uint8Array | DerChunks)[]): DerChunks {
  const flat: DerChunks = [];
  for (const c of content) {
    if (c instanceof Uint8Array) flat.push(c);
    else flat.push(...c);
  }
  return [tlvHeader(identifier, chunksLength(flat)), ...flat];
}

export function chunksLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  return chunks.length === 1 ? chunks[0] : concatBytes(...chunks);
}

/** Joins runs of chunks smaller than `big` bytes, leaving large ones (the ciphertext) uncopied. */
export function coalesceChunks(chunks: readonly Uint8Array[], big = 64 * 1024): DerChunks {
  const out: DerChunks = [];
  let run: Uint8Array[] = [];
  const flush = (): void => {
    if (run.length > 0) out.push(run.length === 1 ? run[0] : concatBytes(...run));
    run = [];
  };
  for (const c of chunks) {
    if (c.length >= big) {
      flush();
      out.push(c);
    } else {
      run.push(c);
    }
  }
  flush();
  return out;
}

export const derSequence = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);

/** SET OF with elements sorted by their encodings, as DER requires. */
export function derSetOf(...items: Uint8Array[]): Uint8Array {
  return tlv(0x31, ...sortEncodings(items));
}

export function sortEncodings(items: Uint8Array[]): Uint8Array[] {
  return [...items].sort((a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  });
}

/** [n] EXPLICIT (constructed context tag) around complete encodings. */
export const derExplicit = (n: number, ...inner: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...inner);

/** [n] IMPLICIT over a primitive value's contents. */
export const derImplicitPrimitive = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);

export const derOctetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);

/** BIT STRING of whole octets (unused-bits octet 0). */
export const derBitString = (b: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), b);

export function derOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new Error(`bad OID ${oid}`);
  const out: number[] = [];
  const push = (v: bigint): void => {
    const tmp: number[] = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) tmp.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...tmp);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}

/** Non-negative INTEGER from a JS number (versions, iteration counts). */
export function derSmallInt(v: number): Uint8Array {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

/** INTEGER from an unsigned big-endian magnitude (adds the sign byte, strips redundant zeros). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return m.length > 0 && m[0] & 0x80 ? tlv(0x02, Uint8Array.of(0), m) : tlv(0x02, m.length ? m : Uint8Array.of(0));
}

/** BMPString (UTF-16BE, surrogate pairs kept as-is). */
export function derBmpString(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return tlv(0x1e, out);
}
