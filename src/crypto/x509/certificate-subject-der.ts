// Finds the subject Name inside a certificate's DER without a PKI.js parse. Indexing ~90 bundled roots
// with PKI.js costs hundreds of milliseconds on a cold service worker; the engine's own reader costs microseconds.
import { Cursor, expectSequence, identifierOctet, parseBer, rawBytes, type Asn1Node } from '../asn1/ber-reader';
import { EngineError, ownText } from '../errors';

/** DER of the subject Name (SEQUENCE) of an X.509 certificate. */
export function certificateSubjectDer(der: Uint8Array): Uint8Array {
  let tbs: Asn1Node;
  try {
    tbs = expectSequence(expectSequence(parseBer(der), 'Certificate').children[0], 'TBSCertificate');
  } catch (e) {
    throw new EngineError('malformed', `Not a certificate: ${ownText(e, 'unreadable structure')}`);
  }
  const c = new Cursor(tbs.children, 'TBSCertificate');
  c.optionalContext(0); // explicit version
  // serialNumber, signature, issuer, validity, then subject.
  for (let i = 0; i < 4; i++) c.next();
  const subject = c.next();
  if (identifierOctet(subject) !== 0x30) throw new EngineError('malformed', 'Certificate subject is not a SEQUENCE.');
  return rawBytes(subject);
}
