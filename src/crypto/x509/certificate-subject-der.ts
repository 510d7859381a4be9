// Finds the subject Name inside a certificate's DER without a full parse. Indexing ~90 bundled roots
// with PKI.js costs hundreds of milliseconds on a cold service worker; this costs microseconds.
import { EngineError } from '../errors';

interface Tlv {
  tag: number;
  start: number; // offset of the tag byte
  contentStart: number;
  end: number; // offset after the content
}

function readTlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new EngineError('malformed', 'Truncated DER.');
  const tag = der[at];
  let len = der[at + 1];
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > limit) throw new EngineError('malformed', 'Unsupported DER length.');
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | der[p + i];
    p += n;
  }
  if (p + len > limit) throw new EngineError('malformed', 'DER length exceeds its container.');
  return { tag, start: at, contentStart: p, end: p + len };
}

/** DER of the subject Name (SEQUENCE) of an X.509 certificate. */
export function certificateSubjectDer(der: Uint8Array): Uint8Array {
  const cert = readTlv(der, 0, der.length);
  const tbs = readTlv(der, cert.contentStart, cert.end);
  if (cert.tag !== 0x30 || tbs.tag !== 0x30) throw new EngineError('malformed', 'Not a certificate.');
  let p = tbs.contentStart;
  let field = readTlv(der, p, tbs.end);
  if (field.tag === 0xa0) field = readTlv(der, field.end, tbs.end); // explicit version
  // serialNumber, signature, issuer, validity, then subject.
  for (let i = 0; i < 4; i++) {
    p = field.end;
    field = readTlv(der, p, tbs.end);
  }
  if (field.tag !== 0x30) throw new EngineError('malformed', 'Certificate subject is not a SEQUENCE.');
  return der.subarray(field.start, field.end);
}
