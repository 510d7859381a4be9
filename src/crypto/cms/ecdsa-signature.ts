// CMS and X.509 carry ECDSA signatures as DER Ecdsa-Sig-Value (RFC 5753 §7.2, RFC 5480); WebCrypto speaks
// IEEE P1363 r||s. One converter for both: lenient for CMS (a BER encoding is read), strict for certificates.
import { bytesEqual, concatBytes } from '../bytes';
import { EngineError, foreignError } from '../errors';
import { Cursor, expectUniversal, parseBer, TAG_SEQUENCE } from '../asn1/ber-reader';
import { integerBytes } from '../asn1/read-values';
import { derSequence, derUnsignedInteger } from '../asn1/der-writer';
import type { NamedCurve } from '../asn1/oids';

export type CurveName = NamedCurve;

export const CURVE_BYTES: Record<CurveName, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** DER SEQUENCE { r, s } to fixed-width r||s; undefined when the encoding is not a plausible signature. */
export function ecdsaDerToP1363(der: Uint8Array, curve: CurveName): Uint8Array | undefined {
  try {
    return toP1363(der, CURVE_BYTES[curve]);
  } catch {
    return undefined;
  }
}

/**
 * Strict form for certificate signatures: the input must be exactly the canonical DER of its r||s, because
 * any other accepted encoding (long-form or wrong lengths, extra zero bytes) makes the signature malleable.
 * Throws EngineError('malformed').
 */
export function ecdsaDerToP1363Strict(der: Uint8Array, coordinateBytes: number): Uint8Array {
  let raw: Uint8Array | undefined;
  try {
    raw = toP1363(der, coordinateBytes);
  } catch (e) {
    throw foreignError('malformed', 'ECDSA signature is not SEQUENCE { r, s }.', e);
  }
  if (!raw) throw new EngineError('malformed', 'ECDSA signature component is negative or too large for the curve.');
  if (!bytesEqual(ecdsaP1363ToDer(raw), der)) throw new EngineError('malformed', 'ECDSA signature is not in canonical DER.');
  return raw;
}

function toP1363(der: Uint8Array, size: number): Uint8Array | undefined {
  const seq = expectUniversal(parseBer(der), TAG_SEQUENCE, 'Ecdsa-Sig-Value');
  const c = new Cursor(seq.children, 'Ecdsa-Sig-Value');
  const r = integerBytes(c.next(), 'r');
  const s = integerBytes(c.next(), 's');
  c.expectEnd();
  const rr = fixedWidth(r, size);
  const ss = fixedWidth(s, size);
  return rr && ss ? concatBytes(rr, ss) : undefined;
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

/** Canonical DER SEQUENCE { r, s } for a raw r||s signature. */
export function ecdsaP1363ToDer(sig: Uint8Array): Uint8Array {
  const half = sig.length / 2;
  return derSequence(derUnsignedInteger(sig.subarray(0, half)), derUnsignedInteger(sig.subarray(half)));
}
