// Turns DER or PEM bytes into a PKI.js Certificate, rejecting garbage with an EngineError instead of
// letting asn1js/PKI.js exceptions (or silently truncated parses) leak to callers.
import { Certificate } from 'pkijs';
import { BytesCache } from '../bounded-cache';
import { CLASS_CONTEXT, expectSequence, parseBer } from '../asn1/ber-reader';
import { decodeTime } from '../asn1/time';
import { EngineError, foreignError, ownText } from '../errors';
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
  let cert: Certificate;
  try {
    cert = new Certificate({ schema: asn });
  } catch (e) {
    throw foreignError('malformed', 'Not an X.509 certificate.', e);
  }
  const { notBefore, notAfter } = validityOf(der);
  cert.notBefore.value = notBefore;
  cert.notAfter.value = notAfter;
  return cert;
}

/**
 * The validity read by the engine's own time decoder. PKI.js turns impossible times (month 13, 30 February,
 * 9999-12-31 23:59:60) into other real dates; every path reads the times from the parsed Certificate, so
 * replacing them here makes such a certificate malformed everywhere.
 */
function validityOf(der: Uint8Array): { notBefore: Date; notAfter: Date } {
  try {
    const tbs = expectSequence(expectSequence(parseBer(der), 'Certificate').children[0], 'TBSCertificate');
    const hasVersion = tbs.children[0]?.cls === CLASS_CONTEXT && tbs.children[0]?.tag === 0;
    const validity = expectSequence(tbs.children[hasVersion ? 4 : 3], 'Validity');
    if (validity.children.length !== 2) throw new EngineError('malformed', 'Validity must hold two times.');
    return { notBefore: decodeTime(validity.children[0]), notAfter: decodeTime(validity.children[1]) };
  } catch (e) {
    throw new EngineError('malformed', `The certificate's validity period is not a valid time: ${ownText(e, 'unreadable')}`);
  }
}
