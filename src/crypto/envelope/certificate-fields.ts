// The few certificate fields enveloping needs: issuer + serial and subjectKeyIdentifier (to match RecipientInfos)
// and the SubjectPublicKeyInfo (to encrypt to the recipient). Not a general X.509 parser.

import { EngineError } from '../errors';
import { bytesEqual, toHex } from '../bytes';
import { nameToString } from './name-string';
import { type Asn1Node, childrenOf, contentBytes, expectIdentifier, identifierOctet, innerBytes, parseBer, rawBytes } from '../asn1/ber-reader';
import { readOid, readUnsignedInteger } from '../asn1/read-values';
import { readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { CURVE_BY_OID, OID } from '../asn1/oids';

export type RecipientKeyKind = { type: 'rsa' } | { type: 'ec'; curve: 'P-256' | 'P-384' | 'P-521' } | { type: 'x25519' } | { type: 'other'; oid: string };

export interface CertificateFields {
  issuerDer: Uint8Array;
  issuer: string;
  serial: Uint8Array; // INTEGER magnitude, no leading zeros
  serialHex: string;
  subject: string;
  subjectKeyIdentifier?: Uint8Array;
  spkiDer: Uint8Array;
  /** The subjectPublicKey BIT STRING content (raw EC point, X25519 key, or RSAPublicKey DER). */
  publicKey: Uint8Array;
  keyKind: RecipientKeyKind;
}

function keyKindOf(spki: Asn1Node): RecipientKeyKind {
  const alg = readAlgorithmIdentifier(childrenOf(spki)[0], 'SPKI algorithm');
  if (alg.oid === OID.rsaEncryption || alg.oid === OID.rsaesOaep) return { type: 'rsa' };
  if (alg.oid === OID.x25519) return { type: 'x25519' };
  if (alg.oid === OID.ecPublicKey && identifierOctet(alg.params) === 0x06) {
    const curve = CURVE_BY_OID[readOid(alg.params)];
    if (curve) return { type: 'ec', curve };
  }
  return { type: 'other', oid: alg.oid };
}

export function readCertificateFields(der: Uint8Array): CertificateFields {
  try {
    const cert = childrenOf(expectIdentifier(parseBer(der), 0x30, 'Certificate'));
    const tbs = childrenOf(expectIdentifier(cert[0], 0x30, 'tbsCertificate'));
    let i = 0;
    if (identifierOctet(tbs[0]) === 0xa0) i++;
    const serial = readUnsignedInteger(tbs[i], 'serialNumber');
    const issuer = expectIdentifier(tbs[i + 2], 0x30, 'issuer');
    const subject = expectIdentifier(tbs[i + 4], 0x30, 'subject');
    const spki = expectIdentifier(tbs[i + 5], 0x30, 'subjectPublicKeyInfo');
    const bits = innerBytes(expectIdentifier(childrenOf(spki)[1], 0x03, 'subjectPublicKey'));
    let ski: Uint8Array | undefined;
    const extsWrapper = tbs.slice(i + 6).find((t) => identifierOctet(t) === 0xa3);
    if (extsWrapper) {
      for (const ext of childrenOf(childrenOf(extsWrapper)[0])) {
        const f = childrenOf(ext);
        if (readOid(f[0]) === OID.subjectKeyIdentifier) {
          const value = contentBytes(f[f.length - 1]);
          ski = contentBytes(expectIdentifier(parseBer(value), 0x04, 'subjectKeyIdentifier'));
        }
      }
    }
    return {
      issuerDer: rawBytes(issuer),
      issuer: nameToString(issuer),
      serial,
      serialHex: toHex(serial),
      subject: nameToString(subject),
      subjectKeyIdentifier: ski,
      spkiDer: rawBytes(spki),
      publicKey: bits.subarray(1),
      keyKind: keyKindOf(spki),
    };
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError('invalid-argument', `Unreadable certificate: ${e.message}`);
    throw new EngineError('invalid-argument', 'Unreadable certificate');
  }
}

/** Does an IssuerAndSerialNumber (issuer DER + serial magnitude) name this certificate? */
export function matchesIssuerSerial(cert: CertificateFields, issuerDer: Uint8Array, serial: Uint8Array): boolean {
  return bytesEqual(cert.issuerDer, issuerDer) && bytesEqual(cert.serial, serial);
}

export function matchesSki(cert: CertificateFields, ski: Uint8Array): boolean {
  return cert.subjectKeyIdentifier !== undefined && bytesEqual(cert.subjectKeyIdentifier, ski);
}
