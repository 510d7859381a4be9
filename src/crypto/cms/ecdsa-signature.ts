// CMS carries ECDSA signatures as DER Ecdsa-Sig-Value (RFC 5753 §7.2); WebCrypto speaks IEEE P1363 r||s.
import { concatBytes } from '../bytes';
import { Cursor, expectUniversal, parseBer, TAG_SEQUENCE } from '../asn1/ber-reader';
import { integerBytes } from '../asn1/read-values';
import { derSequence, derUnsignedInteger } from '../asn1/der-writer';
import type { NamedCurve } from '../asn1/oids';

export type CurveName = NamedCurve;

export const CURVE_BYTES: Record<CurveName, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** DER SEQUENCE { r, s } to fixed-width r||s; undefined when the encoding is not a plausible signature. */
export function ecdsaDerToP1363(der: Uint8Array, curve: CurveName): Uint8Array | undefined {
  const size = CURVE_BYTES[curve];
  try {
    const seq = expectUniversal(parseBer(der), TAG_SEQUENCE, 'Ecdsa-Sig-Value');
    const c = new Cursor(seq.children, 'Ecdsa-Sig-Value');
    const r = integerBytes(c.next(), 'r');
    const s = integerBytes(c.next(), 's');
    c.expectEnd();
    const rr = fixedWidth(r, size);
    const ss = fixedWidth(s, size);
    return rr && ss ? concatBytes(rr, ss) : undefined;
  } catch {
    return undefined;
  }
}

function fixedWidth(intBytes: Uint8Array, size: number): Uint8Array | undefined {
  if (intBytes[0] & 0x80) return undefined; // negative
  let i = 0;
  while (i < intBytes.length - 1 && intBytes[i] === 0) i++;
  const mag = intBytes.subarray(i);
  if (mag.length > size) return undefined;
  const out = new Uint8Array(size);
  out.set(mag, size - mag.length);
  return out;
}

export function ecdsaP1363ToDer(sig: Uint8Array): Uint8Array {
  const half = sig.length / 2;
  return derSequence(derUnsignedInteger(sig.subarray(0, half)), derUnsignedInteger(sig.subarray(half)));
}
