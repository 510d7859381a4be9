// Parses RSA keys for the BigInt RSA code: PKCS#8 PrivateKeyInfo (RSAPrivateKey inside) and SubjectPublicKeyInfo.

import { EngineError } from '../errors';
import { bytesToBigInt } from './bigint';
import { type Asn1Node, childrenOf, contentBytes, expectIdentifier, innerBytes, parseBer } from '../asn1/ber-reader';
import { readSmallInt, readUnsignedInteger } from '../asn1/read-values';
import { readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { OID } from '../asn1/oids';

const RSA_KEY_OIDS: readonly string[] = [OID.rsaEncryption, OID.rsassaPss, OID.rsaesOaep];

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  /** Modulus length in bytes (k in RFC 8017). */
  k: number;
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint;
  p: bigint;
  q: bigint;
  dP: bigint;
  dQ: bigint;
  qInv: bigint;
}

function intOf(t: Asn1Node | undefined): bigint {
  return bytesToBigInt(readUnsignedInteger(t, 'RSA key component'));
}

function modulusBytes(n: bigint): number {
  return Math.ceil(n.toString(16).length / 2);
}

export function parseRsaPrivateKeyPkcs8(pkcs8: Uint8Array): RsaPrivateKey {
  const top = childrenOf(expectIdentifier(parseBer(pkcs8), 0x30, 'PrivateKeyInfo'));
  const alg = readAlgorithmIdentifier(top[1], 'privateKeyAlgorithm');
  if (!RSA_KEY_OIDS.includes(alg.oid)) {
    throw new EngineError('invalid-argument', `Not an RSA private key (algorithm ${alg.oid})`);
  }
  const inner = contentBytes(expectIdentifier(top[2], 0x04, 'privateKey'));
  const f = childrenOf(expectIdentifier(parseBer(inner), 0x30, 'RSAPrivateKey'));
  if (f.length < 9 || readSmallInt(f[0], 'RSAPrivateKey version') !== 0) throw new EngineError('malformed', 'Unsupported RSAPrivateKey (multi-prime or bad version)');
  const [n, e, d, p, q, dP, dQ, qInv] = f.slice(1, 9).map(intOf);
  if (n < 1n << 511n || p * q !== n) throw new EngineError('malformed', 'Inconsistent RSA private key');
  return { n, e, d, p, q, dP, dQ, qInv, k: modulusBytes(n) };
}

/** From a SubjectPublicKeyInfo whose algorithm is rsaEncryption (or OAEP/PSS-restricted RSA). */
export function parseRsaPublicKeySpki(spki: Uint8Array): RsaPublicKey {
  const top = childrenOf(expectIdentifier(parseBer(spki), 0x30, 'SubjectPublicKeyInfo'));
  const alg = readAlgorithmIdentifier(top[0], 'SPKI algorithm');
  if (!RSA_KEY_OIDS.includes(alg.oid)) {
    throw new EngineError('invalid-argument', `Not an RSA public key (algorithm ${alg.oid})`);
  }
  const bits = innerBytes(expectIdentifier(top[1], 0x03, 'subjectPublicKey'));
  if (bits[0] !== 0) throw new EngineError('malformed', 'RSA public key BIT STRING has unused bits');
  const inner = bits.subarray(1);
  const f = childrenOf(expectIdentifier(parseBer(inner), 0x30, 'RSAPublicKey'));
  const n = intOf(f[0]);
  const e = intOf(f[1]);
  if (n < 1n << 511n || e < 3n) throw new EngineError('malformed', 'Unusable RSA public key');
  return { n, e, k: modulusBytes(n) };
}
