// Typed values out of parsed ASN.1 nodes: OIDs, INTEGERs, OCTET/BIT STRINGs and BMPStrings. Each reader takes
// `what` so the error names the field, and accepts a missing node (an absent field is malformed, not a TypeError).
import {
  type Asn1Node,
  TAG_BIT_STRING,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  contentBytes,
  expectUniversal,
  malformed,
} from './ber-reader';

/** Longer OIDs do not occur in practice (a UUID arc needs ~20 bytes); the bound keeps BigInt work small. */
const MAX_OID_BYTES = 128;

export function readOid(n: Asn1Node | undefined, what = 'object identifier'): string {
  return oidFromBytes(contentBytes(expectUniversal(n, TAG_OID, what)));
}

/** Dotted form of OID content octets. */
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

/** INTEGER contents as given (two's complement, big-endian), never empty. */
export function integerBytes(n: Asn1Node | undefined, what: string): Uint8Array {
  const b = contentBytes(expectUniversal(n, TAG_INTEGER, what));
  if (b.length === 0) throw malformed(`${what}: empty INTEGER`);
  return b;
}

/** A non-negative INTEGER that fits a JS safe integer (versions, iteration counts, salt lengths). */
export function readSmallInt(n: Asn1Node | undefined, what: string): number {
  const b = integerBytes(n, what);
  if ((b[0] & 0x80) !== 0) throw malformed(`${what}: negative INTEGER`);
  let v = 0;
  for (const x of b) {
    v = v * 256 + x;
    if (v > Number.MAX_SAFE_INTEGER) throw malformed(`${what}: INTEGER too large`);
  }
  return v;
}

/** Unsigned big-endian magnitude of INTEGER contents (leading zero octets removed, at least one octet kept). */
export function unsignedIntegerBytes(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** An INTEGER's unsigned magnitude (serial numbers, RSA key components). */
export function readUnsignedInteger(n: Asn1Node | undefined, what: string): Uint8Array {
  return unsignedIntegerBytes(integerBytes(n, what));
}

export function readOctets(n: Asn1Node | undefined, what: string): Uint8Array {
  return contentBytes(expectUniversal(n, TAG_OCTET_STRING, what));
}

/** BIT STRING contents without the unused-bits octet, which must be 0 (keys, points). */
export function readBitStringBytes(n: Asn1Node | undefined, what: string): Uint8Array {
  return wholeOctetBits(contentBytes(expectUniversal(n, TAG_BIT_STRING, what)), what);
}

/** BIT STRING contents (unused-bits octet first) to its whole octets. */
export function wholeOctetBits(content: Uint8Array, what = 'BIT STRING'): Uint8Array {
  if (content.length < 1 || content[0] !== 0) throw malformed(`${what}: BIT STRING with unused bits`);
  return content.subarray(1);
}

/** BMPString (UTF-16BE) contents to a JS string; a trailing odd byte is ignored. */
export function decodeBmpString(content: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < content.length; i += 2) s += String.fromCharCode((content[i] << 8) | content[i + 1]);
  return s;
}
