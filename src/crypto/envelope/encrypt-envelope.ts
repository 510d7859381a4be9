// Builds a CMS EnvelopedData (AES-CBC) or AuthEnvelopedData (AES-GCM) for a list of recipient certificates:
// RSA via PKCS#1 v1.5 (what NSS/Outlook expect) or OAEP-SHA-256, EC via ephemeral-static ECDH + AES key wrap.

import { EngineError } from '../errors';
import { readCertificateFields, type CertificateFields } from './certificate-fields';
import { oaepSha256AlgorithmIdentifier } from './oaep-params';
import { aesCbcEncrypt, aesGcmEncrypt } from '../primitives/aes-content';
import { aesKeyWrap } from '../primitives/aes-key-wrap';
import { generateEphemeral, importAgreementPublicKey, sharedSecret, type AgreementCurve } from '../primitives/ecdh-agree';
import { eccCmsSharedInfo, hkdf, x963Kdf } from '../primitives/ecdh-kdf';
import { parseRsaPublicKeySpki } from '../primitives/rsa-keys';
import { rsaPkcs1v15Encrypt } from '../primitives/rsa-pkcs1v15-encrypt';
import { rsaOaepEncrypt } from '../primitives/rsa-oaep-encrypt';
import { derAlgorithmIdentifier } from '../asn1/algorithm-identifier';
import { derBitString, derExplicit, derImplicitPrimitive, derNull, derOctetString, derOid, derSequence, derSetOf, derSmallInt, derUnsignedInteger, tlv, tlvChunks, coalesceChunks, concatChunks, type DerChunks } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import { STD_DH_SHA256_KDF } from './key-agreement-schemes';

export type ContentCipherName = 'aes-256-cbc' | 'aes-128-cbc' | 'aes-256-gcm' | 'aes-128-gcm';

export interface EncryptRecipient {
  certificate: Uint8Array;
  /** RSA only: use RSAES-OAEP (SHA-256, MGF1-SHA-256) instead of PKCS#1 v1.5. */
  oaep?: boolean;
}

export interface EncryptEnvelopeInput {
  content: Uint8Array;
  recipients: EncryptRecipient[];
  cipher?: ContentCipherName;
  /** Identify recipients by subjectKeyIdentifier when the certificate has one (else issuer and serial). */
  useSubjectKeyIdentifier?: boolean;
}

export interface EncryptedEnvelope {
  /** The whole ContentInfo (joined from `chunks` on first access). */
  readonly der: Uint8Array;
  /**
   * The same encoding as a few chunks (small DER prefix, ciphertext, [GCM tag]), so a caller that streams it
   * into base64 never holds a second copy of a multi-megabyte ciphertext.
   */
  chunks: Uint8Array[];
  kind: 'enveloped' | 'auth-enveloped';
}

function envelope(chunks: DerChunks, kind: EncryptedEnvelope['kind']): EncryptedEnvelope {
  const packed = coalesceChunks(chunks);
  let joined: Uint8Array | undefined;
  return {
    get der(): Uint8Array {
      joined ??= concatChunks(packed);
      return joined;
    },
    chunks: packed,
    kind,
  };
}

const CIPHER_SPECS: Record<ContentCipherName, { oid: string; keyLength: number; gcm: boolean }> = {
  'aes-256-cbc': { oid: OID.aes256Cbc, keyLength: 32, gcm: false },
  'aes-128-cbc': { oid: OID.aes128Cbc, keyLength: 16, gcm: false },
  'aes-256-gcm': { oid: OID.aes256Gcm, keyLength: 32, gcm: true },
  'aes-128-gcm': { oid: OID.aes128Gcm, keyLength: 16, gcm: true },
};

const HKDF_SHA256 = '1.2.840.113549.1.9.16.3.19';
const MAX_RECIPIENTS = 500;

function random(n: number): Uint8Array {
  const b = new Uint8Array(n);
  globalThis.crypto.getRandomValues(b);
  return b;
}

function issuerAndSerial(cert: CertificateFields): Uint8Array {
  return derSequence(cert.issuerDer, derUnsignedInteger(cert.serial));
}

async function keyTransRecipient(cert: CertificateFields, oaep: boolean, useSki: boolean, cek: Uint8Array): Promise<{ der: Uint8Array; version: number }> {
  const ski = useSki ? cert.subjectKeyIdentifier : undefined;
  const rid = ski ? derImplicitPrimitive(0, ski) : issuerAndSerial(cert);
  const version = ski ? 2 : 0;
  if (oaep) {
    const ek = await rsaOaepEncrypt(cert.spkiDer, cek, 'SHA-256');
    return { der: derSequence(derSmallInt(version), rid, oaepSha256AlgorithmIdentifier(), derOctetString(ek)), version };
  }
  const ek = rsaPkcs1v15Encrypt(parseRsaPublicKeySpki(cert.spkiDer), cek);
  return { der: derSequence(derSmallInt(version), rid, derAlgorithmIdentifier(OID.rsaEncryption, derNull()), derOctetString(ek)), version };
}

async function keyAgreeRecipient(cert: CertificateFields, curve: AgreementCurve, useSki: boolean, cek: Uint8Array): Promise<Uint8Array> {
  const x25519 = curve === 'X25519';
  const schemeOid = x25519 ? HKDF_SHA256 : STD_DH_SHA256_KDF;
  const keyWrap = derAlgorithmIdentifier(OID.aes256Wrap);
  const eph = await generateEphemeral(curve);
  const peer = await importAgreementPublicKey(cert.publicKey, curve);
  const z = await sharedSecret(eph.privateKey, peer, curve);
  const info = eccCmsSharedInfo(keyWrap, 32, undefined); // no ukm: entityUInfo omitted
  const kek = x25519 ? await hkdf('SHA-256', z, info, 32) : await x963Kdf('SHA-256', z, info, 32);
  const wrapped = await aesKeyWrap(kek, cek);
  const ski = useSki ? cert.subjectKeyIdentifier : undefined;
  const rid = ski ? derExplicit(0, derOctetString(ski)) : issuerAndSerial(cert); // [0] IMPLICIT RecipientKeyIdentifier
  const originator = derExplicit(0, tlv(0xa1, derAlgorithmIdentifier(x25519 ? OID.x25519 : OID.ecPublicKey), derBitString(eph.publicRaw)));
  return tlv(0xa1, derSmallInt(3), originator, derAlgorithmIdentifier(schemeOid, keyWrap), derSequence(derSequence(rid, derOctetString(wrapped))));
}


export async function encryptEnvelope(input: EncryptEnvelopeInput): Promise<EncryptedEnvelope> {
  const spec = CIPHER_SPECS[input.cipher ?? 'aes-256-cbc'];
  if (!spec) throw new EngineError('invalid-argument', `Unknown cipher ${String(input.cipher)}`);
  if (input.recipients.length === 0) throw new EngineError('invalid-argument', 'At least one recipient is required');
  if (input.recipients.length > MAX_RECIPIENTS) throw new EngineError('invalid-argument', 'Too many recipients');

  const cek = random(spec.keyLength);
  const infos: Uint8Array[] = [];
  let needsV2 = false;
  for (const r of input.recipients) {
    const cert = readCertificateFields(r.certificate);
    const kind = cert.keyKind;
    if (kind.type === 'rsa') {
      const ktri = await keyTransRecipient(cert, r.oaep === true, input.useSubjectKeyIdentifier === true, cek);
      needsV2 ||= ktri.version === 2;
      infos.push(ktri.der);
    } else if (kind.type === 'ec' || kind.type === 'x25519') {
      infos.push(await keyAgreeRecipient(cert, kind.type === 'ec' ? kind.curve : 'X25519', input.useSubjectKeyIdentifier === true, cek));
      needsV2 = true;
    } else {
      throw new EngineError('unsupported-algorithm', `Cannot encrypt to a certificate with key algorithm ${kind.oid}`, { subject: cert.subject });
    }
  }
  const recipientInfos = derSetOf(...infos);

  // The ciphertext is the last field at every nesting level (and the GCM tag follows it), so the encoding
  // is a small prefix, the ciphertext and the tag, without copying the ciphertext once per level.
  if (spec.gcm) {
    const nonce = random(12);
    const { ciphertext, tag } = await aesGcmEncrypt(cek, nonce, input.content, 16);
    const alg = derAlgorithmIdentifier(spec.oid, derSequence(derOctetString(nonce), derSmallInt(16)));
    const eci = tlvChunks(0x30, derOid(OID.data), alg, tlvChunks(0x80, ciphertext));
    const body = tlvChunks(0x30, derSmallInt(0), recipientInfos, eci, derOctetString(tag));
    return envelope(tlvChunks(0x30, derOid(OID.authEnvelopedData), tlvChunks(0xa0, body)), 'auth-enveloped');
  }
  const iv = random(16);
  const ciphertext = await aesCbcEncrypt(cek, iv, input.content);
  const eci = tlvChunks(0x30, derOid(OID.data), derAlgorithmIdentifier(spec.oid, derOctetString(iv)), tlvChunks(0x80, ciphertext));
  const body = tlvChunks(0x30, derSmallInt(needsV2 ? 2 : 0), recipientInfos, eci);
  return envelope(tlvChunks(0x30, derOid(OID.envelopedData), tlvChunks(0xa0, body)), 'enveloped');
}
