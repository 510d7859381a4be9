// Maps CMS signature/digest algorithm identifiers and certificate keys to a WebCrypto verification (RSA PKCS#1 v1.5,
// RSA-PSS, ECDSA P-256/384/521, Ed25519), plus SHA-224 RSA by hand. Unknown or inconsistent parameters are
// reported as unsupported, never guessed into a "valid".
import { EngineError } from '../errors';
import type { AlgorithmIdentifier, DigestName } from './cms-types';
import type { CertificateIds } from './certificate-ids';
import { digestBytes, digestNameForOid } from './digest';
import { type CurveName, ecdsaDerToP1363 } from './ecdsa-signature';
import { verifyRsaPkcs1Raw } from './rsa-pkcs1-raw';
import { Cursor, expectUniversal, parseBer, TAG_SEQUENCE } from '../asn1/ber-reader';
import { integerBytes, readOid, readSmallInt, unsignedIntegerBytes } from '../asn1/read-values';
import { readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { CURVE_BY_OID, OID } from '../asn1/oids';

export type SignatureScheme =
  | { kind: 'rsa-pkcs1'; hash: DigestName }
  | { kind: 'rsa-pss'; hash: DigestName; saltLength: number }
  | { kind: 'ecdsa'; hash: DigestName }
  | { kind: 'ed25519' };

export type VerificationKey =
  | { kind: 'rsa'; n: Uint8Array; e: Uint8Array; bits: number }
  | { kind: 'ec'; curve: CurveName; spki: Uint8Array }
  | { kind: 'ed25519'; spki: Uint8Array };

const MAX_RSA_BITS = 16384;

function unsupported(message: string): EngineError {
  return new EngineError('unsupported-algorithm', message);
}

/** Digest of each RSA PKCS#1 v1.5 signature OID (shared with certificate signature checks). */
export const RSA_SIG_HASH: Record<string, DigestName> = {
  [OID.md5WithRSA]: 'MD5',
  [OID.sha1WithRSA]: 'SHA-1',
  [OID.sha224WithRSA]: 'SHA-224',
  [OID.sha256WithRSA]: 'SHA-256',
  [OID.sha384WithRSA]: 'SHA-384',
  [OID.sha512WithRSA]: 'SHA-512',
};

/** Digest of each ECDSA signature OID. */
export const ECDSA_SIG_HASH: Record<string, DigestName> = {
  [OID.ecdsaWithSHA1]: 'SHA-1',
  [OID.ecdsaWithSHA224]: 'SHA-224',
  [OID.ecdsaWithSHA256]: 'SHA-256',
  [OID.ecdsaWithSHA384]: 'SHA-384',
  [OID.ecdsaWithSHA512]: 'SHA-512',
};


/**
 * The signature scheme named by a SignerInfo. `digest` is the SignerInfo digestAlgorithm, which picks the hash when
 * the signature OID does not (plain rsaEncryption / id-ecPublicKey). Throws 'unsupported-algorithm' or 'malformed'.
 */
export function resolveSignatureScheme(sigAlg: AlgorithmIdentifier, digest: DigestName | undefined): SignatureScheme {
  const need = (): DigestName => {
    if (!digest) throw unsupported('unknown digest algorithm');
    return digest;
  };
  if (sigAlg.oid === OID.rsaEncryption) return { kind: 'rsa-pkcs1', hash: need() };
  if (RSA_SIG_HASH[sigAlg.oid]) return { kind: 'rsa-pkcs1', hash: RSA_SIG_HASH[sigAlg.oid] };
  if (sigAlg.oid === OID.rsassaPss) return parsePssParams(sigAlg.parameters);
  if (sigAlg.oid === OID.ecPublicKey) return { kind: 'ecdsa', hash: need() };
  if (ECDSA_SIG_HASH[sigAlg.oid]) return { kind: 'ecdsa', hash: ECDSA_SIG_HASH[sigAlg.oid] };
  if (sigAlg.oid === OID.ed25519) {
    if (sigAlg.parameters) throw new EngineError('malformed', 'Ed25519 algorithm identifier must have no parameters');
    return { kind: 'ed25519' };
  }
  if (sigAlg.oid === OID.ed448) throw unsupported('Ed448 signatures are not supported');
  if (sigAlg.oid === OID.dsa || sigAlg.oid === OID.dsaWithSHA1) throw unsupported('DSA signatures are not supported');
  throw unsupported(`unsupported signature algorithm ${sigAlg.oid}`);
}

/** RSASSA-PSS-params (RFC 4055 §3.1); MGF1 must use the same hash, trailerField must be 1. */
export function parsePssParams(params: Uint8Array | undefined): SignatureScheme {
  let hash: DigestName = 'SHA-1';
  let mgfHash: DigestName = 'SHA-1';
  let saltLength = 20;
  if (params) {
    const seq = expectUniversal(parseBer(params), TAG_SEQUENCE, 'RSASSA-PSS-params');
    const c = new Cursor(seq.children, 'RSASSA-PSS-params');
    const explicitInner = (tag: number) => {
      const n = c.optionalContext(tag);
      if (!n) return undefined;
      if (!n.constructed || n.children.length !== 1) throw new EngineError('malformed', 'bad RSASSA-PSS-params field');
      return n.children[0];
    };
    const h = explicitInner(0);
    if (h) {
      const alg = readAlgorithmIdentifier(h, 'PSS hashAlgorithm');
      const name = digestNameForOid(alg.oid);
      if (!name) throw unsupported(`unsupported PSS hash ${alg.oid}`);
      hash = name;
    }
    const m = explicitInner(1);
    if (m) {
      const alg = readAlgorithmIdentifier(m, 'PSS maskGenAlgorithm');
      if (alg.oid !== OID.mgf1) throw unsupported(`unsupported PSS mask generation ${alg.oid}`);
      if (!alg.parameters) throw new EngineError('malformed', 'MGF1 without hash parameter');
      const inner = readAlgorithmIdentifier(parseBer(alg.parameters), 'MGF1 hash');
      const name = digestNameForOid(inner.oid);
      if (!name) throw unsupported(`unsupported MGF1 hash ${inner.oid}`);
      mgfHash = name;
    }
    const s = explicitInner(2);
    if (s) saltLength = readSmallInt(s, 'PSS saltLength');
    const t = explicitInner(3);
    if (t && readSmallInt(t, 'PSS trailerField') !== 1) throw unsupported('PSS trailerField other than 1');
    c.expectEnd();
  }
  if (mgfHash !== hash) throw unsupported(`RSA-PSS with MGF1 hash ${mgfHash} different from ${hash}`);
  if (hash === 'MD5' || hash === 'SHA-224') throw unsupported(`RSA-PSS with ${hash} is not supported`);
  if (saltLength > 1024) throw unsupported('RSA-PSS salt length out of range');
  return { kind: 'rsa-pss', hash, saltLength };
}

/** The certificate's public key in the form the verifier needs; throws 'unsupported-algorithm' for other keys. */
export function readVerificationKey(cert: CertificateIds): VerificationKey {
  const alg = cert.publicKeyAlgorithm;
  if (alg.oid === OID.rsaEncryption || alg.oid === OID.rsassaPss) {
    const seq = expectUniversal(parseBer(cert.publicKey), TAG_SEQUENCE, 'RSAPublicKey');
    const c = new Cursor(seq.children, 'RSAPublicKey');
    const nRaw = integerBytes(c.next(), 'modulus');
    const eRaw = integerBytes(c.next(), 'publicExponent');
    c.expectEnd();
    if (nRaw[0] & 0x80 || eRaw[0] & 0x80) throw new EngineError('malformed', 'negative RSA key component');
    const n = unsignedIntegerBytes(nRaw);
    const e = unsignedIntegerBytes(eRaw);
    const bits = n.length * 8 - Math.clz32(n[0]) + 24;
    if (bits > MAX_RSA_BITS) throw unsupported(`RSA key of ${bits} bits is too large`);
    return { kind: 'rsa', n, e, bits };
  }
  if (alg.oid === OID.ecPublicKey) {
    if (!alg.parameters) throw unsupported('EC key without named curve');
    const curveNode = parseBer(alg.parameters);
    const curve = CURVE_BY_OID[curveNode.tag === 6 ? readOid(curveNode) : ''];
    if (!curve) throw unsupported('EC key on an unsupported curve');
    return { kind: 'ec', curve, spki: cert.spki };
  }
  if (alg.oid === OID.ed25519) return { kind: 'ed25519', spki: cert.spki };
  throw unsupported(`unsupported public key algorithm ${alg.oid}`);
}

/** Human name, e.g. "RSA PKCS#1 v1.5", "RSA-PSS", "ECDSA P-256", "Ed25519". */
export function signatureSchemeName(scheme: SignatureScheme, key?: VerificationKey): string {
  switch (scheme.kind) {
    case 'rsa-pkcs1':
      return 'RSA PKCS#1 v1.5';
    case 'rsa-pss':
      return 'RSA-PSS';
    case 'ecdsa':
      return key?.kind === 'ec' ? `ECDSA ${key.curve}` : 'ECDSA';
    case 'ed25519':
      return 'Ed25519';
  }
}

function base64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * True when `signature` is a valid signature over `data` under `scheme` and `key`. A key that does not fit the
 * scheme (e.g. an RSA key for an ECDSA signature) can never have made the signature, so it is false, not an error.
 */
export async function verifySignature(scheme: SignatureScheme, key: VerificationKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const subtle = globalThis.crypto.subtle;
  const sig = signature as BufferSource;
  const msg = data as BufferSource;
  try {
    switch (scheme.kind) {
      case 'rsa-pkcs1':
      case 'rsa-pss': {
        if (key.kind !== 'rsa') return false;
        if (scheme.hash === 'MD5') throw unsupported('MD5 is broken and not accepted');
        if (scheme.hash === 'SHA-224') {
          if (scheme.kind === 'rsa-pss') throw unsupported('RSA-PSS with SHA-224 is not supported');
          return verifyRsaPkcs1Raw(key.n, key.e, 'SHA-224', await digestBytes('SHA-224', data), signature);
        }
        if (signature.length !== key.n.length) return false;
        const name = scheme.kind === 'rsa-pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
        const jwk: JsonWebKey = { kty: 'RSA', n: base64url(key.n), e: base64url(key.e), ext: true };
        const k = await subtle.importKey('jwk', jwk, { name, hash: scheme.hash }, false, ['verify']);
        const params = scheme.kind === 'rsa-pss' ? { name, saltLength: scheme.saltLength } : { name };
        return await subtle.verify(params, k, sig, msg);
      }
      case 'ecdsa': {
        if (key.kind !== 'ec') return false;
        if (scheme.hash === 'MD5' || scheme.hash === 'SHA-224') throw unsupported(`ECDSA with ${scheme.hash} is not supported`);
        const p1363 = ecdsaDerToP1363(signature, key.curve);
        if (!p1363) return false;
        const k = await subtle.importKey('spki', key.spki as BufferSource, { name: 'ECDSA', namedCurve: key.curve }, false, ['verify']);
        return await subtle.verify({ name: 'ECDSA', hash: scheme.hash }, k, p1363 as BufferSource, msg);
      }
      case 'ed25519': {
        if (key.kind !== 'ed25519') return false;
        if (signature.length !== 64) return false;
        const k = await subtle.importKey('spki', key.spki as BufferSource, { name: 'Ed25519' }, false, ['verify']);
        return await subtle.verify({ name: 'Ed25519' }, k, sig, msg);
      }
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    // WebCrypto rejects keys it cannot use (bad point, odd modulus): the signature cannot be checked.
    throw unsupported("the signer's public key could not be used");
  }
}
