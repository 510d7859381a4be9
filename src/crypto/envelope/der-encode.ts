// Minimal DER writer for the CMS structures we emit (EnvelopedData, AuthEnvelopedData, KDF SharedInfo).
// Everything is definite-length; SET OF contents are emitted in the order given (we only write 1-element sets or sorted ones).

import { concatBytes } from '../bytes';

function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = parts.length === 1 ? parts[0] : concatBytes(...parts);
  return concatBytes(Uint8Array.of(tag), encodeLength(body.length), body);
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...parts);
export const octetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const nullValue = (): Uint8Array => Uint8Array.of(0x05, 0x00);
/** [n] EXPLICIT (constructed context tag). */
export const explicit = (n: number, ...parts: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...parts);
/** [n] IMPLICIT over a primitive value. */
export const implicitPrimitive = (n: number, b: Uint8Array): Uint8Array => tlv(0x80 | n, b);

export function bitString(b: Uint8Array): Uint8Array {
  return tlv(0x03, Uint8Array.of(0), b);
}

export function smallInt(v: number): Uint8Array {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

/** INTEGER from unsigned big-endian magnitude bytes. */
export function unsignedInt(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const m = b.subarray(i);
  return tlv(0x02, m.length > 0 && m[0] & 0x80 ? concatBytes(Uint8Array.of(0), m) : m.length ? m : Uint8Array.of(0));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => Number(s));
  const out: number[] = [];
  const push = (v: number): void => {
    const tmp: number[] = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) tmp.unshift((x & 0x7f) | 0x80);
    out.push(...tmp);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}

export function algorithmIdentifier(dotted: string, params?: Uint8Array): Uint8Array {
  return params ? seq(oid(dotted), params) : seq(oid(dotted));
}
