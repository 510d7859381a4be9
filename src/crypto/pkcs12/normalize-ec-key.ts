// Some exporters (e.g. MimeKit's test PFX files) write EC keys with explicit curve parameters instead of a
// named-curve OID; WebCrypto only imports named curves. Rewrites such a PKCS#8 key to the named form when
// the field prime and group order are those of P-256/P-384/P-521. The public-key match done afterwards
// (via WebCrypto on the named curve) proves the rewrite was right.

import { fromHex, bytesEqual } from '../bytes';
import { expectSequence, innerBytes, parseBer, TAG_SEQUENCE } from '../asn1/ber-reader';
import { readOctets, readOid, readUnsignedInteger } from '../asn1/read-values';
import { derAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derOctetString, derOid, derSequence, derSmallInt, tlv } from '../asn1/der-writer';
import { OID } from '../asn1/oids';

const KNOWN: { oid: string; p: Uint8Array; n: Uint8Array }[] = [
  {
    oid: OID.p256,
    p: fromHex('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    n: fromHex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  },
  {
    oid: OID.p384,
    p: fromHex(
      'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff',
    ),
    n: fromHex(
      'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    ),
  },
  {
    oid: OID.p521,
    p: fromHex('01' + 'ff'.repeat(65)),
    n: fromHex(
      '01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
  },
];

/** Returns the key unchanged unless it is an EC key with explicit parameters of a known NIST curve. */
export function normalizeEcKey(pkcs8: Uint8Array): Uint8Array {
  try {
    const pki = expectSequence(parseBer(pkcs8), 'PrivateKeyInfo');
    const alg = expectSequence(pki.children[1], 'algorithm');
    if (readOid(alg.children[0], 'algorithm') !== OID.ecPublicKey) return pkcs8;
    const params = alg.children[1];
    if (!params || params.cls !== 0 || params.tag !== TAG_SEQUENCE) return pkcs8; // named, implicit or absent
    // ECParameters ::= SEQUENCE { version, fieldID SEQUENCE { prime-field, p }, curve, base, order, cofactor? }
    const fieldId = expectSequence(params.children[1], 'FieldID');
    const p = readUnsignedInteger(fieldId.children[1], 'field prime');
    const n = readUnsignedInteger(params.children[4], 'order');
    const curve = KNOWN.find((k) => bytesEqual(k.p, p) && bytesEqual(k.n, n));
    if (!curve) return pkcs8;

    const ec = expectSequence(parseBer(readOctets(pki.children[2], 'private key')), 'ECPrivateKey');
    const d = readOctets(ec.children[1], 'EC private scalar');
    const pub = ec.children.find((c) => c.cls === 2 && c.tag === 1);
    const ecKey = derSequence(derSmallInt(1), derOctetString(d), ...(pub ? [tlv(0xa1, innerBytes(pub))] : []));
    return derSequence(derSmallInt(0), derAlgorithmIdentifier(OID.ecPublicKey, derOid(curve.oid)), derOctetString(ecKey));
  } catch {
    return pkcs8;
  }
}
