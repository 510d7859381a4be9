// Creates a DER ContentInfo SignedData (RFC 5652) with the signed attributes S/MIME agents expect: contentType,
// messageDigest, signingTime, SMIMECapabilities and ESS signingCertificateV2 (RFC 5035). Detached or opaque.
import { EngineError, foreignError, ownText } from '../errors';
import { bytesEqual } from '../bytes';
import type { SmimeCapability } from '../types';
import { type CertificateIds, readCertificateIds } from './certificate-ids';
import type { DigestName } from './cms-types';
import { DIGEST_LENGTHS, DIGEST_OIDS, digestBytes } from './digest';
import { ecdsaP1363ToDer } from './ecdsa-signature';
import type { SigningDigest } from './import-signing-key';
import { readVerificationKey, resolveSignatureScheme, verifySignature } from './signature-algorithms';
import { DEFAULT_SMIME_CAPABILITIES, encodeSmimeCapabilities } from './smime-capabilities';
import { parseBer } from '../asn1/ber-reader';
import { derAlgorithmIdentifier, readAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derTime } from '../asn1/time';
import { derExplicit, derNull, derOctetString, derOid, derSequence, derSetOf, derSmallInt, sortEncodings, tlv } from '../asn1/der-writer';
import { OID } from '../asn1/oids';

export interface SignDataInput {
  content: Uint8Array;
  signer: { certificate: Uint8Array; privateKey: CryptoKey; chain?: Uint8Array[] };
  detached: boolean;
  /** Default: the RSA key's bound hash; SHA-256/384/512 for P-256/384/521; always SHA-512 for Ed25519. */
  digest?: SigningDigest;
  signingTime?: Date;
  smimeCapabilities?: SmimeCapability[];
}

/** RFC 8551 §3.5.3.2 micalg value for a multipart/signed header, e.g. "sha-256". */
export function micalgFor(digest: DigestName | SigningDigest): string {
  return digest.toLowerCase();
}

/** The digest signData will use for this key (and the requested one); throws 'invalid-argument' if they clash. */
export function signingDigestFor(key: CryptoKey, requested?: SigningDigest): SigningDigest {
  const name = key.algorithm.name;
  let d: string;
  if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS') {
    d = (key.algorithm as RsaHashedKeyAlgorithm).hash.name;
    if (requested && requested !== d) {
      throw new EngineError('invalid-argument', `This RSA key was imported for ${d}; re-import it for ${requested}`);
    }
  } else if (name === 'ECDSA') {
    const curve = (key.algorithm as EcKeyAlgorithm).namedCurve;
    d = requested ?? (curve === 'P-384' ? 'SHA-384' : curve === 'P-521' ? 'SHA-512' : 'SHA-256');
  } else if (name === 'Ed25519') {
    if (requested && requested !== 'SHA-512') throw new EngineError('invalid-argument', 'Ed25519 signatures use SHA-512 (RFC 8419)');
    d = 'SHA-512';
  } else {
    throw new EngineError('unsupported-algorithm', `Cannot sign with a ${name} key`);
  }
  if (d !== 'SHA-256' && d !== 'SHA-384' && d !== 'SHA-512') throw new EngineError('invalid-argument', `Refusing to sign with ${d}`);
  return d;
}

const RSA_PKCS1_SIG: Record<SigningDigest, string> = { 'SHA-256': OID.sha256WithRSA, 'SHA-384': OID.sha384WithRSA, 'SHA-512': OID.sha512WithRSA };
const ECDSA_SIG: Record<SigningDigest, string> = { 'SHA-256': OID.ecdsaWithSHA256, 'SHA-384': OID.ecdsaWithSHA384, 'SHA-512': OID.ecdsaWithSHA512 };

function signatureAlgorithmFor(key: CryptoKey, digest: SigningDigest): { algId: Uint8Array; params: AlgorithmIdentifier | RsaPssParams | EcdsaParams } {
  switch (key.algorithm.name) {
    case 'RSASSA-PKCS1-v1_5':
      return { algId: derAlgorithmIdentifier(RSA_PKCS1_SIG[digest], derNull()), params: { name: 'RSASSA-PKCS1-v1_5' } };
    case 'RSA-PSS': {
      const saltLength = DIGEST_LENGTHS[digest];
      const hashId = derAlgorithmIdentifier(DIGEST_OIDS[digest], derNull());
      const pssParams = derSequence(
        derExplicit(0, hashId),
        derExplicit(1, derAlgorithmIdentifier(OID.mgf1, hashId)),
        derExplicit(2, derSmallInt(saltLength)),
      );
      return { algId: derAlgorithmIdentifier(OID.rsassaPss, pssParams), params: { name: 'RSA-PSS', saltLength } };
    }
    case 'ECDSA':
      return { algId: derAlgorithmIdentifier(ECDSA_SIG[digest]), params: { name: 'ECDSA', hash: digest } };
    default:
      return { algId: derAlgorithmIdentifier(OID.ed25519), params: { name: 'Ed25519' } };
  }
}

function attribute(oid: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(oid), derSetOf(value));
}

/** ESS SigningCertificateV2 with one ESSCertIDv2: SHA-256 (the DEFAULT, so omitted) hash plus issuerSerial. */
async function signingCertificateV2(cert: CertificateIds): Promise<Uint8Array> {
  const certHash = await digestBytes('SHA-256', cert.der);
  const issuerSerial = derSequence(derSequence(tlv(0xa4, cert.issuer)), tlv(0x02, cert.serialNumber));
  return derSequence(derSequence(derSequence(derOctetString(certHash), issuerSerial)));
}

export async function signData(input: SignDataInput): Promise<Uint8Array> {
  const { content, signer } = input;
  if (!(content instanceof Uint8Array)) throw new EngineError('invalid-argument', 'content must be a Uint8Array');
  let cert: CertificateIds;
  try {
    cert = readCertificateIds(signer.certificate);
  } catch (e) {
    throw foreignError('invalid-argument', `The signer certificate is not usable: ${ownText(e, 'unreadable')}`, e);
  }
  const digest = signingDigestFor(signer.privateKey, input.digest);
  const { algId, params } = signatureAlgorithmFor(signer.privateKey, digest);
  const digestAlgId = derAlgorithmIdentifier(DIGEST_OIDS[digest]);

  const attrs = [
    attribute(OID.contentType, derOid(OID.data)),
    attribute(OID.signingTime, derTime(input.signingTime ?? new Date())),
    attribute(OID.messageDigest, derOctetString(await digestBytes(digest, content))),
    attribute(OID.smimeCapabilities, encodeSmimeCapabilities(input.smimeCapabilities ?? DEFAULT_SMIME_CAPABILITIES)),
    attribute(OID.signingCertificateV2, await signingCertificateV2(cert)),
  ];
  const signedAttrsSet = derSetOf(...attrs); // tag 0x31: the bytes that are signed (RFC 5652 §5.4)

  let signature: Uint8Array;
  try {
    signature = new Uint8Array(await globalThis.crypto.subtle.sign(params, signer.privateKey, signedAttrsSet as BufferSource));
  } catch (e) {
    throw foreignError('invalid-argument', `Signing failed: ${ownText(e, 'the key refused to sign')}`, e);
  }
  if (signer.privateKey.algorithm.name === 'ECDSA') signature = ecdsaP1363ToDer(signature);

  // A key that does not belong to the certificate would produce mail nobody can verify: check before sending.
  const scheme = resolveSignatureScheme(readAlgorithmIdentifier(parseBer(algId), 'signatureAlgorithm'), digest);
  const ok = await verifySignature(scheme, readVerificationKey(cert), signedAttrsSet, signature).catch(() => false);
  if (!ok) throw new EngineError('invalid-argument', 'The private key does not match the signer certificate');

  const signedAttrsImplicit = signedAttrsSet.slice();
  signedAttrsImplicit[0] = 0xa0;
  const issuerAndSerial = derSequence(cert.issuer, tlv(0x02, cert.serialNumber));
  const signerInfo = derSequence(derSmallInt(1), issuerAndSerial, digestAlgId, signedAttrsImplicit, algId, derOctetString(signature));

  const certs = uniqueCerts([signer.certificate, ...(signer.chain ?? [])]);
  const encap = input.detached ? derSequence(derOid(OID.data)) : derSequence(derOid(OID.data), derExplicit(0, derOctetString(content)));
  const signedData = derSequence(
    derSmallInt(1),
    derSetOf(digestAlgId),
    encap,
    tlv(0xa0, ...sortEncodings(certs)),
    derSetOf(signerInfo),
  );
  return derSequence(derOid(OID.signedData), derExplicit(0, signedData));
}

function uniqueCerts(ders: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const d of ders) if (!out.some((o) => bytesEqual(o, d))) out.push(d);
  return out;
}
