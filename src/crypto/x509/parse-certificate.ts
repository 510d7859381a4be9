// Turns DER or PEM bytes into a PKI.js Certificate, rejecting garbage with an EngineError instead of
// letting asn1js/PKI.js exceptions (or silently truncated parses) leak to callers.
import { Certificate } from 'pkijs';
import { BytesCache } from '../bounded-cache';
import { EngineError } from '../errors';
import { decodeDer } from './decode-der';
import { decodePemBlocks, looksLikePem } from './pem';

/** Real certificates are a few KiB; anything this large is hostile or not a certificate. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** DER of the (first) certificate in `input`, which may be DER bytes, PEM bytes or a PEM string. */
export function certificateDer(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string' || looksLikePem(input)) {
    const text = typeof input === 'string' ? input : new TextDecoder('latin1').decode(input);
    if (text.length > MAX_CERTIFICATE_BYTES * 2) throw new EngineError('too-large', 'PEM input is too large for a certificate.');
    const blocks = decodePemBlocks(text);
    if (blocks.length === 0) throw new EngineError('malformed', 'No PEM CERTIFICATE block found.');
    return blocks[0];
  }
  return input;
}

// One verification parses the signer and each chain certificate several times (summary, chain building,
// validation); PKI.js parsing dominates a small message's verify time, so parses are shared by DER.
// Callers must treat the returned Certificate as read-only.
const parsed = new BytesCache<Certificate>(256);

/** Parse one X.509 certificate. Throws EngineError('malformed' | 'too-large') on anything else. */
export function parseCertificate(input: Uint8Array | string): Certificate {
  const der = certificateDer(input);
  const hit = parsed.get(der);
  if (hit) return hit;
  const cert = parseCertificateUncached(der); // throws on anything too large or malformed: never cached
  parsed.set(der, cert);
  return cert;
}

function parseCertificateUncached(input: Uint8Array): Certificate {
  const der = certificateDer(input);
  if (der.length === 0) throw new EngineError('malformed', 'Empty certificate.');
  if (der.length > MAX_CERTIFICATE_BYTES) {
    throw new EngineError('too-large', `Certificate is ${der.length} bytes; the limit is ${MAX_CERTIFICATE_BYTES}.`);
  }
  if (der[0] !== 0x30) throw new EngineError('malformed', 'Not a DER certificate (does not start with a SEQUENCE).');
  const asn = decodeDer(der, 'Certificate');
  try {
    return new Certificate({ schema: asn });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new EngineError('malformed', `Not an X.509 certificate: ${why}`);
  }
}
