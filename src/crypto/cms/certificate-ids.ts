// Reads from an X.509 certificate just what CMS needs to match a SignerInfo to it (issuer, serial, subject key
// identifier) and to check a signature with it (SubjectPublicKeyInfo). Trust decisions live in src/crypto/x509.
import { EngineError } from '../errors';
import type { AlgorithmIdentifier } from './cms-types';
import { contentBytes, Cursor, expectUniversal, isUniversal, malformed, parseBer, rawBytes, TAG_BIT_STRING, TAG_OCTET_STRING, TAG_SEQUENCE } from '../asn1/ber-reader';
import { integerBytes, readOid } from '../asn1/read-values';
import { readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID } from '../asn1/oids';

export interface CertificateIds {
  der: Uint8Array;
  issuer: Uint8Array; // DER Name
  serialNumber: Uint8Array; // INTEGER contents
  subjectKeyIdentifier?: Uint8Array;
  spki: Uint8Array; // DER SubjectPublicKeyInfo
  publicKeyAlgorithm: AlgorithmIdentifier;
  publicKey: Uint8Array; // BIT STRING contents without the unused-bits octet
}

export function readCertificateIds(der: Uint8Array): CertificateIds {
  try {
    const cert = expectUniversal(parseBer(der), TAG_SEQUENCE, 'Certificate');
    const tbs = expectUniversal(new Cursor(cert.children, 'Certificate').next(), TAG_SEQUENCE, 'TBSCertificate');
    const c = new Cursor(tbs.children, 'TBSCertificate');
    c.optionalContext(0); // version
    const serialNumber = integerBytes(c.next(), 'serialNumber');
    c.next(); // signature
    const issuer = rawBytes(expectUniversal(c.next(), TAG_SEQUENCE, 'issuer'));
    c.next(); // validity
    c.next(); // subject
    const spkiNode = expectUniversal(c.next(), TAG_SEQUENCE, 'subjectPublicKeyInfo');
    const sc = new Cursor(spkiNode.children, 'subjectPublicKeyInfo');
    const publicKeyAlgorithm = readAlgorithmIdentifier(sc.next(), 'subjectPublicKeyInfo.algorithm');
    const bits = contentBytes(expectUniversal(sc.next(), TAG_BIT_STRING, 'subjectPublicKey'));
    if (bits.length < 1 || bits[0] !== 0) throw malformed('subjectPublicKey must be whole octets');
    c.optionalContext(1);
    c.optionalContext(2);
    let subjectKeyIdentifier: Uint8Array | undefined;
    const ext = c.optionalContext(3);
    if (ext && ext.children.length === 1 && isUniversal(ext.children[0], TAG_SEQUENCE)) {
      for (const e of ext.children[0].children) {
        const ec = new Cursor(expectUniversal(e, TAG_SEQUENCE, 'Extension').children, 'Extension');
        if (readOid(ec.next()) !== OID.subjectKeyIdentifier) continue;
        let v = ec.next();
        if (!isUniversal(v, TAG_OCTET_STRING)) v = ec.next(); // skip `critical`
        const inner = parseBer(contentBytes(expectUniversal(v, TAG_OCTET_STRING, 'extnValue')));
        subjectKeyIdentifier = contentBytes(expectUniversal(inner, TAG_OCTET_STRING, 'KeyIdentifier'));
      }
    }
    return {
      der,
      issuer,
      serialNumber,
      subjectKeyIdentifier,
      spki: rawBytes(spkiNode),
      publicKeyAlgorithm,
      publicKey: bits.subarray(1),
    };
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError('malformed', `Bad certificate: ${e.message}`);
    throw new EngineError('malformed', 'Bad certificate');
  }
}
