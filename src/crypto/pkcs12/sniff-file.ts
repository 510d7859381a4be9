// What a chosen file is, from its first bytes, without parsing it: a ZIP, or a PKCS#12 (even one cut short).
// Kept apart from the readers so pages that only need to tell files apart do not load the ZIP library.
import { expectSequence, parseBer } from '../asn1/ber-reader';

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** SEQUENCE (any length form) then INTEGER 3: how every PKCS#12 file begins, even one cut short. */
export function startsLikePfx(der: Uint8Array): boolean {
  if (der[0] !== 0x30 || der.length < 5) return false;
  const l = der[1];
  const at = l <= 0x80 ? 2 : l <= 0x84 ? 2 + (l & 0x7f) : -1;
  return at > 0 && der[at] === 0x02 && der[at + 1] === 0x01 && der[at + 2] === 0x03;
}

/** An X.509 certificate on its own (DER): Certificate { TBSCertificate { [0] version?, serial, ... } ... }. */
export function isCertificateDer(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false;
  try {
    const tbs = expectSequence(expectSequence(parseBer(bytes), 'Certificate').children[0], 'TBSCertificate');
    return tbs.children.length >= 6;
  } catch {
    return false;
  }
}
