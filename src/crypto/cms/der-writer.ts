// Minimal DER encoder for the structures we create (SignedData, attributes). Writing DER ourselves keeps the
// signed bytes exactly what we hashed, with SET OF sorted as DER requires (X.690 §11.6).
import { concatBytes } from '../bytes';

export function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  const bytes: number[] = [];
  for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tagByte: number, ...content: Uint8Array[]): Uint8Array {
  const body = content.length === 1 ? content[0] : concatBytes(...content);
  return concatBytes(Uint8Array.of(tagByte), encodeLength(body.length), body);
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

/** [n] EXPLICIT: wraps a complete encoding. */
export const derExplicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);

export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);

export const derOctetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);

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

/** RFC 5652 §11.3: UTCTime for 1950-2049, GeneralizedTime otherwise; whole seconds, Z. */
export function derTime(d: Date): Uint8Array {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const useUtc = y >= 1950 && y < 2050;
  const s = useUtc ? `${p(y % 100)}${rest}` : `${p(y, 4)}${rest}`;
  return tlv(useUtc ? 0x17 : 0x18, Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

export function derAlgorithmIdentifier(oid: string, params?: Uint8Array): Uint8Array {
  return params ? derSequence(derOid(oid), params) : derSequence(derOid(oid));
}
