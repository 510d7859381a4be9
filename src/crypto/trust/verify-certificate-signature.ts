// Checks that `issuer`'s key signed `cert`, with WebCrypto directly: PKI.js's Certificate.verify has no
// Ed25519 and only partial RSA-PSS support, and we want precise reasons and no network/engine lookups.
import { ownText } from '../errors';
import * as asn1js from 'asn1js';
import { RSASSAPSSParams, type AlgorithmIdentifier, type Certificate, type PublicKeyInfo } from 'pkijs';
import { toArrayBuffer, toHex } from '../bytes';
import { CURVES, OID_EC, OID_ED25519, OID_RSA, OID_RSA_PSS } from '../x509/describe-public-key';
import { CURVE_BYTES, ecdsaDerToP1363Strict } from '../cms/ecdsa-signature';
import { OID, SHA_BY_OID } from '../asn1/oids';
import { ECDSA_SIG_HASH, RSA_SIG_HASH } from '../cms/signature-algorithms';

type Hash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

// Certificates are checked with WebCrypto's hashes only: MD5 and SHA-224 signatures are reported unsupported.
const WEBCRYPTO_HASHES = new Set<string>(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
function webCryptoOnly(map: Record<string, string>): Record<string, Hash> {
  return Object.fromEntries(Object.entries(map).filter(([, h]) => WEBCRYPTO_HASHES.has(h))) as Record<string, Hash>;
}
const HASH_OIDS = webCryptoOnly(SHA_BY_OID);
const RSA_PKCS1 = webCryptoOnly(RSA_SIG_HASH);
const ECDSA = webCryptoOnly(ECDSA_SIG_HASH);
const OID_MGF1 = OID.mgf1;

export type SignatureCheck =
  | { ok: true; algorithm: string; weakDigest: boolean }
  | { ok: false; algorithm: string; reason: string };

function paramsHex(alg: AlgorithmIdentifier): string {
  const p: unknown = alg.algorithmParams;
  if (p === undefined || p instanceof asn1js.Null) return ''; // absent and NULL are interchangeable in practice
  if (p instanceof asn1js.BaseBlock) return toHex(new Uint8Array(p.toBER(false)));
  return '?';
}

function hashOf(alg: AlgorithmIdentifier | undefined, fallback: Hash): Hash | undefined {
  if (!alg || !alg.algorithmId) return fallback;
  return HASH_OIDS[alg.algorithmId];
}

/** An rsaEncryption SPKI for the same key, because browsers refuse to import id-RSASSA-PSS SPKIs. */
function asRsaEncryptionSpki(spki: PublicKeyInfo): ArrayBuffer {
  const seq = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_RSA }), new asn1js.Null()] }),
      new asn1js.BitString({ valueHex: toArrayBuffer(spki.subjectPublicKey.valueBlock.valueHexView) }),
    ],
  });
  return seq.toBER(false);
}

interface Plan {
  algorithm: string;
  importAlg: AlgorithmIdentifierParams;
  verifyAlg: AlgorithmIdentifierParams;
  hash: Hash | 'none';
  ecdsaBytes?: number;
  spki: ArrayBuffer;
}
type AlgorithmIdentifierParams = Parameters<SubtleCrypto['verify']>[0] & Parameters<SubtleCrypto['importKey']>[2];

function plan(sigAlg: AlgorithmIdentifier, spki: PublicKeyInfo): Plan | string {
  const sigOid = sigAlg.algorithmId;
  const keyOid = spki.algorithm.algorithmId;
  const spkiDer = (): ArrayBuffer => spki.toSchema().toBER(false);

  const pkcs1 = RSA_PKCS1[sigOid];
  if (pkcs1) {
    if (keyOid !== OID_RSA) return `RSA PKCS#1 v1.5 signature but the issuer key is ${keyOid}`;
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: pkcs1 };
    return { algorithm: `RSA PKCS#1 v1.5 ${pkcs1}`, importAlg: alg, verifyAlg: alg, hash: pkcs1, spki: spkiDer() };
  }
  if (sigOid === OID_RSA_PSS) {
    if (keyOid !== OID_RSA && keyOid !== OID_RSA_PSS) return `RSA-PSS signature but the issuer key is ${keyOid}`;
    let params: RSASSAPSSParams;
    try {
      params = sigAlg.algorithmParams instanceof asn1js.Sequence
        ? new RSASSAPSSParams({ schema: sigAlg.algorithmParams })
        : new RSASSAPSSParams();
    } catch {
      return 'RSA-PSS parameters are malformed';
    }
    const hash = hashOf(params.hashAlgorithm, 'SHA-1');
    if (!hash) return `RSA-PSS with unsupported hash ${params.hashAlgorithm.algorithmId}`;
    const mgf = params.maskGenAlgorithm;
    if (mgf && mgf.algorithmId && mgf.algorithmId !== OID_MGF1) return `RSA-PSS with unsupported mask generation ${mgf.algorithmId}`;
    let mgfHash: Hash | undefined = 'SHA-1';
    if (mgf && mgf.algorithmId) {
      const inner: unknown = mgf.algorithmParams;
      if (!(inner instanceof asn1js.Sequence)) return 'RSA-PSS MGF1 parameters are malformed';
      const innerOid = inner.valueBlock.value[0];
      mgfHash = innerOid instanceof asn1js.ObjectIdentifier ? HASH_OIDS[innerOid.valueBlock.toString()] : undefined;
    }
    // WebCrypto ties the MGF1 hash to the message hash.
    if (mgfHash !== hash) return 'RSA-PSS with an MGF1 hash different from the message hash is not supported';
    if (params.trailerField !== 1) return 'RSA-PSS trailerField must be 1';
    const spkiBytes = keyOid === OID_RSA_PSS ? asRsaEncryptionSpki(spki) : spkiDer();
    return {
      algorithm: `RSA-PSS ${hash}`,
      importAlg: { name: 'RSA-PSS', hash },
      verifyAlg: { name: 'RSA-PSS', saltLength: params.saltLength } as AlgorithmIdentifierParams,
      hash,
      spki: spkiBytes,
    };
  }
  const ecHash = ECDSA[sigOid];
  if (ecHash) {
    if (keyOid !== OID_EC) return `ECDSA signature but the issuer key is ${keyOid}`;
    const curveParam: unknown = spki.algorithm.algorithmParams;
    const curve = curveParam instanceof asn1js.ObjectIdentifier ? CURVES[curveParam.valueBlock.toString()] : undefined;
    if (!curve) return 'issuer EC key is on an unsupported curve';
    return {
      algorithm: `ECDSA ${curve} ${ecHash}`,
      importAlg: { name: 'ECDSA', namedCurve: curve } as AlgorithmIdentifierParams,
      verifyAlg: { name: 'ECDSA', hash: ecHash } as AlgorithmIdentifierParams,
      hash: ecHash,
      ecdsaBytes: CURVE_BYTES[curve],
      spki: spkiDer(),
    };
  }
  if (sigOid === OID_ED25519) {
    if (keyOid !== OID_ED25519) return `Ed25519 signature but the issuer key is ${keyOid}`;
    if (sigAlg.algorithmParams !== undefined && !(sigAlg.algorithmParams instanceof asn1js.Null) && paramsHex(sigAlg) !== '') {
      return 'Ed25519 signature algorithm must have no parameters';
    }
    return { algorithm: 'Ed25519', importAlg: { name: 'Ed25519' }, verifyAlg: { name: 'Ed25519' }, hash: 'none', spki: spkiDer() };
  }
  return `unsupported certificate signature algorithm ${sigOid}`;
}

// Certificates are shared by DER (parse-certificate.ts), so a signature that verified once for this
// certificate object and this issuer key object is not checked again on the next message. Only successes are
// kept; both objects are read-only, so the result cannot change.
const verified = new WeakMap<Certificate, WeakMap<PublicKeyInfo, SignatureCheck>>();

/** Verify `cert`'s signature with `issuerKey` (the issuer certificate's subjectPublicKeyInfo). Never throws. */
export async function verifyCertificateSignature(cert: Certificate, issuerKey: PublicKeyInfo): Promise<SignatureCheck> {
  const hit = verified.get(cert)?.get(issuerKey);
  if (hit) return hit;
  const result = await checkSignature(cert, issuerKey);
  if (result.ok) {
    let byKey = verified.get(cert);
    if (!byKey) verified.set(cert, (byKey = new WeakMap()));
    byKey.set(issuerKey, result);
  }
  return result;
}

/** The parts of any X.509-style signed structure (certificate, CRL, OCSP response): PKI.js objects fit it. */
export interface SignedFields {
  signatureAlgorithm: AlgorithmIdentifier;
  /** The algorithm repeated inside the signed part, where the structure has one (certificates, CRLs). */
  signature?: AlgorithmIdentifier;
  signatureValue: asn1js.BitString;
  tbsView: Uint8Array;
}

/** Verify a CRL's or OCSP response's signature with `issuerKey`. Never throws. */
export function verifySignedFields(fields: SignedFields, issuerKey: PublicKeyInfo): Promise<SignatureCheck> {
  return checkSignature(fields, issuerKey);
}

async function checkSignature(cert: SignedFields, issuerKey: PublicKeyInfo): Promise<SignatureCheck> {
  const sigAlg = cert.signatureAlgorithm;
  if (cert.signature && (sigAlg.algorithmId !== cert.signature.algorithmId || paramsHex(sigAlg) !== paramsHex(cert.signature))) {
    return { ok: false, algorithm: sigAlg.algorithmId, reason: 'signatureAlgorithm differs from the signature field inside the signed data' };
  }
  const p = plan(sigAlg, issuerKey);
  if (typeof p === 'string') return { ok: false, algorithm: sigAlg.algorithmId, reason: p };
  try {
    if (cert.signatureValue.valueBlock.unusedBits !== 0) {
      return { ok: false, algorithm: p.algorithm, reason: 'signature BIT STRING has unused bits' };
    }
    let signature = cert.signatureValue.valueBlock.valueHexView;
    if (p.ecdsaBytes) signature = ecdsaDerToP1363Strict(signature, p.ecdsaBytes);
    const subtle = globalThis.crypto.subtle;
    const key = await subtle.importKey('spki', p.spki, p.importAlg, false, ['verify']);
    const ok = await subtle.verify(p.verifyAlg, key, toArrayBuffer(signature), toArrayBuffer(cert.tbsView));
    if (!ok) return { ok: false, algorithm: p.algorithm, reason: 'signature does not verify with the issuer key' };
    return { ok: true, algorithm: p.algorithm, weakDigest: p.hash === 'SHA-1' };
  } catch (e) {
    return { ok: false, algorithm: p.algorithm, reason: `signature check failed: ${ownText(e, 'the issuer key or the signature cannot be used')}` };
  }
}
