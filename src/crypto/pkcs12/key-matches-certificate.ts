// Pairs a private key with its certificate by PUBLIC KEY, not by bag order or localKeyId (which an attacker or
// a sloppy exporter can get wrong). Also names the key's algorithm for the Identity.

import type { KeyAlgorithmName } from '../types';
import { bytesEqual, toArrayBuffer } from '../bytes';
import { type Asn1Node, contentBytes, expectSequence, expectUniversal, parseBer, TAG_BIT_STRING, TAG_OID } from '../asn1/ber-reader';
import { readBitStringBytes, readOctets, readOid, readUnsignedInteger, wholeOctetBits } from '../asn1/read-values';
import { OID } from '../asn1/oids';
import { bytesToBigInt, modPow } from '../primitives/bigint';

interface Pkcs8Parts {
  algOid: string;
  algParams?: Asn1Node;
  privateKey: Uint8Array;
  publicKey?: Uint8Array; // OneAsymmetricKey [1]
}

function parsePkcs8(pkcs8: Uint8Array): Pkcs8Parts {
  const pki = expectSequence(parseBer(pkcs8), 'PrivateKeyInfo');
  const alg = expectSequence(pki.children[1], 'private key algorithm');
  const privateKey = readOctets(pki.children[2], 'private key');
  let publicKey: Uint8Array | undefined;
  for (const c of pki.children.slice(3)) {
    if (c.cls === 2 && c.tag === 1 && !c.constructed) publicKey = wholeOctetBits(contentBytes(c));
  }
  return { algOid: readOid(alg.children[0], 'private key algorithm'), algParams: alg.children[1], privateKey, publicKey };
}

const CURVES: Record<string, KeyAlgorithmName> = {
  [OID.p256]: 'EC-P256',
  [OID.p384]: 'EC-P384',
  [OID.p521]: 'EC-P521',
};
const WEBCRYPTO_CURVE: Partial<Record<KeyAlgorithmName, string>> = {
  'EC-P256': 'P-256',
  'EC-P384': 'P-384',
  'EC-P521': 'P-521',
};

function ecCurveOid(parts: Pkcs8Parts): string | undefined {
  if (parts.algParams && parts.algParams.cls === 0 && parts.algParams.tag === TAG_OID) {
    return readOid(parts.algParams, 'EC curve');
  }
  // Curve only inside ECPrivateKey [0] parameters.
  const ec = expectSequence(parseBer(parts.privateKey), 'ECPrivateKey');
  const p = ec.children.find((c) => c.cls === 2 && c.tag === 0);
  return p?.children[0] && p.children[0].tag === TAG_OID ? readOid(p.children[0], 'EC curve') : undefined;
}

/** The key type of an unencrypted PKCS#8 key; 'unknown' for anything we do not recognise. */
export function detectKeyAlgorithm(pkcs8: Uint8Array): KeyAlgorithmName {
  try {
    const parts = parsePkcs8(pkcs8);
    switch (parts.algOid) {
      case OID.rsaEncryption:
      case OID.rsassaPss:
        return 'RSA';
      case OID.ecPublicKey: {
        const curve = ecCurveOid(parts);
        return (curve && CURVES[curve]) || 'unknown';
      }
      case OID.ed25519:
        return 'Ed25519';
      case OID.x25519:
        return 'X25519';
      case OID.dsa:
        return 'DSA';
      default:
        return 'unknown';
    }
  } catch {
    return 'unknown';
  }
}

/** The certificate's SubjectPublicKeyInfo: algorithm OID and the BIT STRING payload. */
export function certificatePublicKey(certDer: Uint8Array): { algOid: string; key: Uint8Array } {
  const cert = expectSequence(parseBer(certDer), 'Certificate');
  const tbs = expectSequence(cert.children[0], 'TBSCertificate');
  const hasVersion = tbs.children[0]?.cls === 2 && tbs.children[0]?.tag === 0;
  const spki = expectSequence(tbs.children[hasVersion ? 6 : 5], 'SubjectPublicKeyInfo');
  const alg = expectSequence(spki.children[0], 'SPKI algorithm');
  const bits = expectUniversal(spki.children[1], TAG_BIT_STRING, 'subjectPublicKey');
  return { algOid: readOid(alg.children[0], 'SPKI algorithm'), key: wholeOctetBits(contentBytes(bits)) };
}

function b64urlDecode(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function exportJwkFromPkcs8(
  pkcs8: Uint8Array,
  algorithm: AlgorithmIdentifier | EcKeyImportParams,
  usages: KeyUsage[],
): Promise<JsonWebKey | undefined> {
  try {
    const k = await globalThis.crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), algorithm, true, usages);
    return await globalThis.crypto.subtle.exportKey('jwk', k);
  } catch {
    return undefined;
  }
}

function ecPointMatches(certPoint: Uint8Array, x: Uint8Array, y: Uint8Array): boolean {
  if (certPoint[0] === 0x04) return bytesEqual(certPoint.subarray(1), new Uint8Array([...x, ...y]));
  if (certPoint[0] === 0x02 || certPoint[0] === 0x03) {
    return bytesEqual(certPoint.subarray(1), x) && (certPoint[0] & 1) === (y[y.length - 1] & 1);
  }
  return false;
}

/**
 * What a private key says about its public key, derived once per key: pairing a file's keys with its certificates
 * compares each key with every certificate, and a WebCrypto import or a modular exponentiation per pair made a
 * file with hundreds of each take tens of seconds.
 */
export type KeyPublicFacts =
  | { kind: 'rsa'; modulus: Uint8Array; exponent: Uint8Array }
  | { kind: 'ec'; x: Uint8Array; y: Uint8Array }
  /** Only the file's own claim (the embedded public key): a match is undecidable, a mismatch is certain. */
  | { kind: 'claimed'; algOid: string; point: Uint8Array }
  | { kind: 'okp'; algOid: string; x: Uint8Array }
  | { kind: 'dsa'; y: bigint }
  | { kind: 'unusable' }
  /** We cannot tell; with `algOid`, a certificate of another algorithm is still certainly not this key's. */
  | { kind: 'unknown'; algOid?: string };

/** Derives the public key of an unencrypted PKCS#8 key (WebCrypto for EC and Ed25519/X25519). */
export async function keyPublicFacts(pkcs8: Uint8Array): Promise<KeyPublicFacts> {
  let parts: Pkcs8Parts;
  try {
    parts = parsePkcs8(pkcs8);
  } catch {
    return { kind: 'unusable' };
  }
  try {
    switch (parts.algOid) {
      case OID.rsaEncryption:
      case OID.rsassaPss: {
        const priv = expectSequence(parseBer(parts.privateKey), 'RSAPrivateKey');
        return { kind: 'rsa', modulus: readUnsignedInteger(priv.children[1], 'modulus'), exponent: readUnsignedInteger(priv.children[2], 'exponent') };
      }
      case OID.ecPublicKey: {
        // Derive the point from the scalar (WebCrypto); the embedded [1] publicKey is only a fallback,
        // since it is just another claim made by the file.
        const curve = WEBCRYPTO_CURVE[detectKeyAlgorithm(pkcs8)];
        const jwk = curve ? await exportJwkFromPkcs8(pkcs8, { name: 'ECDSA', namedCurve: curve }, ['sign']) : undefined;
        if (jwk?.x && jwk.y) return { kind: 'ec', x: b64urlDecode(jwk.x), y: b64urlDecode(jwk.y) };
        const ec = expectSequence(parseBer(parts.privateKey), 'ECPrivateKey');
        const embedded = ec.children.find((c) => c.cls === 2 && c.tag === 1);
        if (embedded?.children[0]) return { kind: 'claimed', algOid: OID.ecPublicKey, point: readBitStringBytes(embedded.children[0], 'EC public key') };
        return { kind: 'unknown', algOid: OID.ecPublicKey };
      }
      case OID.ed25519:
      case OID.x25519: {
        const isEd = parts.algOid === OID.ed25519;
        const jwk = await exportJwkFromPkcs8(pkcs8, { name: isEd ? 'Ed25519' : 'X25519' }, isEd ? ['sign'] : ['deriveBits']);
        if (jwk?.x) return { kind: 'okp', algOid: parts.algOid, x: b64urlDecode(jwk.x) };
        if (parts.publicKey) return { kind: 'claimed', algOid: parts.algOid, point: parts.publicKey };
        return { kind: 'unknown', algOid: parts.algOid };
      }
      case OID.dsa: {
        const params = expectSequence(parts.algParams, 'Dss-Parms');
        const p = bytesToBigInt(readUnsignedInteger(params.children[0], 'p'));
        const q = readUnsignedInteger(params.children[1], 'q');
        const g = bytesToBigInt(readUnsignedInteger(params.children[2], 'g'));
        const x = readUnsignedInteger(parseBer(parts.privateKey), 'x');
        // Bound the modular exponentiation: p ≤ 4096 bits, x and q ≤ 512 bits.
        if (p.toString(2).length > 4096 || x.length > 64 || q.length > 64 || p < 3n) return { kind: 'unusable' };
        return { kind: 'dsa', y: modPow(g, bytesToBigInt(x), p) };
      }
      default:
        return { kind: 'unknown' };
    }
  } catch {
    return { kind: 'unusable' };
  }
}

/**
 * true: the key is the certificate's; false: it is not; undefined: we cannot tell for this key type
 * (the caller may then fall back to localKeyId).
 */
export function factsMatchCertificate(facts: KeyPublicFacts, cert: { algOid: string; key: Uint8Array }): boolean | undefined {
  try {
    switch (facts.kind) {
      case 'rsa': {
        if (cert.algOid !== OID.rsaEncryption && cert.algOid !== OID.rsassaPss) return false;
        const pub = expectSequence(parseBer(cert.key), 'RSAPublicKey');
        return bytesEqual(facts.modulus, readUnsignedInteger(pub.children[0], 'modulus')) && bytesEqual(facts.exponent, readUnsignedInteger(pub.children[1], 'exponent'));
      }
      case 'ec':
        return cert.algOid === OID.ecPublicKey && ecPointMatches(cert.key, facts.x, facts.y);
      case 'okp':
        return cert.algOid === facts.algOid && bytesEqual(facts.x, cert.key);
      case 'claimed':
        return cert.algOid === facts.algOid && bytesEqual(facts.point, cert.key) ? undefined : false;
      case 'dsa':
        return cert.algOid === OID.dsa && facts.y === bytesToBigInt(readUnsignedInteger(parseBer(cert.key), 'y'));
      case 'unusable':
        return false;
      case 'unknown':
        return facts.algOid !== undefined && cert.algOid !== facts.algOid ? false : undefined;
    }
  } catch {
    return false;
  }
}

/** One key against one certificate (derives the key's facts; to pair many, derive once with keyPublicFacts). */
export async function keyMatchesCertificate(pkcs8: Uint8Array, certDer: Uint8Array): Promise<boolean | undefined> {
  let cert: { algOid: string; key: Uint8Array };
  try {
    cert = certificatePublicKey(certDer);
  } catch {
    return false;
  }
  return factsMatchCertificate(await keyPublicFacts(pkcs8), cert);
}
