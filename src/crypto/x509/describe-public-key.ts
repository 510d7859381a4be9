// Names a certificate's public key the way people talk about it ("RSA 2048", "EC P-256", "Ed25519"),
// and gives the facts (algorithm, size, curve) that weak-key checks and signature verification need.
import * as asn1js from 'asn1js';
import type { PublicKeyInfo } from 'pkijs';
import { decodeDer } from './decode-der';

export const OID_RSA = '1.2.840.113549.1.1.1';
export const OID_RSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC = '1.2.840.10045.2.1';
export const OID_ED25519 = '1.3.101.112';
export const OID_ED448 = '1.3.101.113';
export const OID_X25519 = '1.3.101.110';
export const OID_X448 = '1.3.101.111';
export const OID_DSA = '1.2.840.10040.4.1';

export const CURVES: Record<string, 'P-256' | 'P-384' | 'P-521'> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

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
  const key = spki.subjectPublicKey.valueBlock.valueHexView;
  let seq: asn1js.AsnType;
  try {
    seq = decodeDer(key, 'RSA public key');
  } catch {
    return undefined;
  }
  if (!(seq instanceof asn1js.Sequence)) return undefined;
  const n = seq.valueBlock.value[0];
  if (!(n instanceof asn1js.Integer)) return undefined;
  return bitLength(n.valueBlock.valueHexView);
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
