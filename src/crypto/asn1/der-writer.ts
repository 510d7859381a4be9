// The engine's one DER writer, for what we create (SignedData, EnvelopedData, PFX, KDF inputs). Writing DER
// ourselves keeps signed bytes exactly what we hashed; SET OF is sorted as DER requires (X.690 §11.6).
import { concatBytes } from '../bytes';

export function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  const bytes: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One element from its identifier octet and contents (several parts are concatenated). */
export function tlv(identifier: number, ...content: Uint8Array[]): Uint8Array {
  const body = content.length === 1 ? content[0] : concatBytes(...content);
  return concatBytes(Uint8Array.of(identifier), encodeLength(body.length), body);
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
