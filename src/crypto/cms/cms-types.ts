// Types shared by the CMS SignedData parser, verifier and signer (RFC 5652), kept apart so each module stays small.
import type { SignatureStatus, SignerStatus, SmimeCapability } from '../types';

export type { AlgorithmIdentifier } from '../asn1/algorithm-identifier';
import type { AlgorithmIdentifier } from '../asn1/algorithm-identifier';

export interface Attribute {
  oid: string;
  /** DER of each value in the attribute's SET OF AttributeValue. */
  values: Uint8Array[];
}

export type SignerIdentifier =
  | { type: 'issuerAndSerialNumber'; issuer: Uint8Array /* DER Name */; serialNumber: Uint8Array /* INTEGER contents */ }
  | { type: 'subjectKeyIdentifier'; keyIdentifier: Uint8Array };

export interface ParsedSignerInfo {
  version: number;
  sid: SignerIdentifier;
  digestAlgorithm: AlgorithmIdentifier;
  /** Parsed signed attributes, absent when the SignerInfo has none. */
  signedAttrs?: Attribute[];
  /** The exact signedAttrs encoding with its [0] tag replaced by SET OF (0x31): the bytes the signature covers. */
  signedAttrsDer?: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  unsignedAttrs?: Attribute[];
}

export interface ParsedSignedData {
  version: number;
  digestAlgorithms: AlgorithmIdentifier[];
  eContentType: string;
  /** Encapsulated content (constructed OCTET STRING chunks concatenated); absent for a detached signature. */
  eContent?: Uint8Array;
  /** Exact DER of each embedded X.509 certificate (other CertificateChoices are skipped). */
  certificates: Uint8Array[];
  /** Exact DER of each embedded CRL (RevocationInfoChoices other than CertificateList are skipped). */
  crls: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
}

export type DigestName = 'MD5' | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface SignerVerification {
  status: SignerStatus;
  /** English reason when status is not 'valid'. */
  reason?: string;
  /** DER of the certificate whose key checked (or failed to check) the signature. */
  certificate?: Uint8Array;
  /** e.g. "SHA-256"; the OID when unknown. */
  digestAlgorithm: string;
  /** e.g. "RSA PKCS#1 v1.5", "RSA-PSS", "ECDSA P-256", "Ed25519"; the OID when unknown. */
  signatureAlgorithm: string;
  /** RSA modulus size in bits, when the signer key is RSA. */
  rsaKeyBits?: number;
  signingTime?: Date;
  smimeCapabilities?: SmimeCapability[];
  /** SHA-1 or MD5 used for the content digest or the signature. */
  weakDigest: boolean;
  /** How the SignerInfo names its certificate. */
  sid: SignerIdentifier;
}

export interface SignedDataVerification {
  status: SignatureStatus;
  /** English reason when status is not 'valid'. */
  reason?: string;
  /** eContentType OID (id-data for ordinary S/MIME). */
  contentType: string;
  /** The bytes the signatures were checked over: detached content if given, else eContent. Absent when there is
   * no usable content (detached without content, or a detached signature that also carries eContent). */
  content?: Uint8Array;
  /** True when the caller supplied the content (multipart/signed). */
  detached: boolean;
  /** Embedded certificates (exact DER), for harvesting and chain building. */
  certificates: Uint8Array[];
  /** Embedded CRLs (exact DER): the first revocation source, needing no network. */
  crls: Uint8Array[];
  signers: SignerVerification[];
}

export interface VerifySignedDataOptions {
  /** The signed content of a multipart/signed message (first part, canonical CRLF). */
  detachedContent?: Uint8Array;
  /** Extra certificates (DER) to look the signer up in, e.g. from the address book. */
  extraCertificates?: Uint8Array[];
}
