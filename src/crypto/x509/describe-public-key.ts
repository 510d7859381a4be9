// Names a certificate's public key the way people talk about it ("RSA 2048", "EC P-256", "Ed25519"),
// and gives the facts (algorithm, size, curve) that weak-key checks and signature verification need.
import * as asn1js from 'asn1js';
import type { PublicKeyInfo } from 'pkijs';
import { Cursor, expectSequence, parseBer } from '../asn1/ber-reader';
import { CURVE_BY_OID, OID, type NamedCurve } from '../asn1/oids';
import { integerBytes } from '../asn1/read-values';

export const OID_RSA = OID.rsaEncryption;
export const OID_RSA_PSS = OID.rsassaPss;
export const OID_EC = OID.ecPublicKey;
export const OID_ED25519 = OID.ed25519;
export const OID_ED448 = OID.ed448;
export const OID_X25519 = OID.x25519;
export const OID_X448 = OID.x448;
export const OID_DSA = OID.dsa;

export const CURVES: Record<string, NamedCurve> = CURVE_BY_OID;

export interface PublicKeyDescription {
  algorithm: 'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448' | 'DSA' | 'unknown';
  /** RSA modulus size in bits. */
  bits?: number;
  /** Named curve for EC keys ("P-256"...), or the curve OID when unrecognised. */
  curve?: string;
  label: string;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

function rsaModulusBits(spki: PublicKeyInfo): number | undefined {
  try {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    const seq = expectSequence(parseBer(spki.subjectPublicKey.valueBlock.valueHexView), 'RSA public key');
    return bitLength(integerBytes(new Cursor(seq.children, 'RSA public key').next(), 'modulus'));
  } catch {
    return undefined;
  }
}

function ecCurve(spki: PublicKeyInfo): string | undefined {
  const params: unknown = spki.algorithm.algorithmParams;
  if (params instanceof asn1js.ObjectIdentifier) {
    const oid = params.valueBlock.toString();
    return CURVES[oid] ?? oid;
  }
  return undefined;
}

export function describePublicKey(spki: PublicKeyInfo): PublicKeyDescription {
  const oid = spki.algorithm.algorithmId;
  switch (oid) {
    case OID_RSA:
    case OID_RSA_PSS: {
      const bits = rsaModulusBits(spki);
      const algorithm = oid === OID_RSA ? 'RSA' : 'RSA-PSS';
      return { algorithm, bits, label: bits ? `${algorithm} ${bits}` : algorithm };
    }
    case OID_EC: {
      const curve = ecCurve(spki);
      return { algorithm: 'EC', curve, label: curve ? `EC ${curve}` : 'EC' };
    }
    case OID_ED25519:
      return { algorithm: 'Ed25519', label: 'Ed25519' };
    case OID_ED448:
      return { algorithm: 'Ed448', label: 'Ed448' };
    case OID_X25519:
      return { algorithm: 'X25519', label: 'X25519' };
    case OID_X448:
      return { algorithm: 'X448', label: 'X448' };
    case OID_DSA:
      return { algorithm: 'DSA', label: 'DSA' };
    default:
      return { algorithm: 'unknown', label: `unknown (${oid})` };
  }
}
