// Imports an unencrypted PKCS#8 private key for signing, choosing the WebCrypto algorithm from the key's own
// AlgorithmIdentifier (RSA, RSA-PSS, EC P-256/384/521, Ed25519), so callers need not know the key type.
import { EngineError, foreignError } from '../errors';
import type { DigestName } from './cms-types';
import { parsePssParams } from './signature-algorithms';
import { Cursor, expectUniversal, parseBer, rawBytes, TAG_SEQUENCE } from '../asn1/ber-reader';
import { readOid } from '../asn1/read-values';
import { derAlgorithmIdentifier, readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derNull, derSequence } from '../asn1/der-writer';
import { OID } from '../asn1/oids';

export type SigningKeyAlgorithm = 'RSA' | 'RSA-PSS' | 'EC-P256' | 'EC-P384' | 'EC-P521' | 'Ed25519';
export type SigningDigest = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface ImportSigningKeyOptions {
  /** Hash bound to an RSA key (WebCrypto ties it at import). Default SHA-256 (or the RSA-PSS key's own hash). */
  digest?: SigningDigest;
  /** Sign an rsaEncryption key with RSA-PSS instead of PKCS#1 v1.5. */
  rsaPadding?: 'pkcs1' | 'pss';
}

export interface ImportedSigningKey {
  key: CryptoKey;
  algorithm: SigningKeyAlgorithm;
}

const CURVES: Record<string, { curve: 'P-256' | 'P-384' | 'P-521'; algorithm: SigningKeyAlgorithm }> = {
  [OID.p256]: { curve: 'P-256', algorithm: 'EC-P256' },
  [OID.p384]: { curve: 'P-384', algorithm: 'EC-P384' },
  [OID.p521]: { curve: 'P-521', algorithm: 'EC-P521' },
};

export async function importPrivateKeyForSigning(pkcs8: Uint8Array, opts: ImportSigningKeyOptions = {}): Promise<ImportedSigningKey> {
  let alg: { oid: string; parameters?: Uint8Array };
  let fields: Uint8Array[];
  try {
    const seq = expectUniversal(parseBer(pkcs8), TAG_SEQUENCE, 'PrivateKeyInfo');
    const c = new Cursor(seq.children, 'PrivateKeyInfo');
    const version = c.next();
    const algNode = c.next();
    alg = readAlgorithmIdentifier(algNode, 'privateKeyAlgorithm');
    const rest: Uint8Array[] = [];
    while (!c.done()) rest.push(rawBytes(c.next()));
    fields = [rawBytes(version), ...rest];
  } catch (e) {
    throw foreignError('corrupt-file', 'Not a PKCS#8 private key.', e);
  }
  const subtle = globalThis.crypto.subtle;
  const imp = async (der: Uint8Array, algorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm): Promise<CryptoKey> => {
    try {
      return await subtle.importKey('pkcs8', der as BufferSource, algorithm, false, ['sign']);
    } catch (e) {
      throw foreignError('corrupt-file', 'The private key could not be imported.', e);
    }
  };

  if (alg.oid === OID.rsaEncryption) {
    const pss = opts.rsaPadding === 'pss';
    const name = pss ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
    return { key: await imp(pkcs8, { name, hash: opts.digest ?? 'SHA-256' }), algorithm: pss ? 'RSA-PSS' : 'RSA' };
  }
  if (alg.oid === OID.rsassaPss) {
    // WebCrypto only imports rsaEncryption-labelled PKCS#8; the key material is the same RSAPrivateKey.
    let hash: DigestName = 'SHA-256';
    if (alg.parameters) {
      const scheme = parsePssParams(alg.parameters);
      if (scheme.kind === 'rsa-pss') hash = scheme.hash;
    }
    const relabelled = derSequence(fields[0], derAlgorithmIdentifier(OID.rsaEncryption, derNull()), ...fields.slice(1));
    const digest = opts.digest ?? hash;
    return { key: await imp(relabelled, { name: 'RSA-PSS', hash: digest }), algorithm: 'RSA-PSS' };
  }
  if (alg.oid === OID.ecPublicKey) {
    let curveOid = '';
    try {
      if (alg.parameters) curveOid = readOid(parseBer(alg.parameters));
    } catch {
      curveOid = '';
    }
    const curve = CURVES[curveOid];
    if (!curve) throw new EngineError('unsupported-algorithm', 'EC private key on an unsupported curve');
    return { key: await imp(pkcs8, { name: 'ECDSA', namedCurve: curve.curve }), algorithm: curve.algorithm };
  }
  if (alg.oid === OID.ed25519) return { key: await imp(pkcs8, { name: 'Ed25519' }), algorithm: 'Ed25519' };
  throw new EngineError('unsupported-algorithm', `Unsupported private key algorithm ${alg.oid}`);
}
