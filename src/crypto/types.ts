// The engine's public result types. The CLI's --json output, the background's message API
// and the UI all speak these, so a verdict means the same thing everywhere.

export type SignatureStatus = 'valid' | 'invalid' | 'malformed' | 'signer-unknown' | 'none';
export type TrustStatus =
  | 'trusted'
  | 'untrusted'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'wrong-usage'
  | 'unknown';
export type SenderStatus = 'match' | 'mismatch' | 'unknown';
export type Coverage = 'full' | 'partial' | 'none';
export type RevocationStatus = 'unknown' | 'good' | 'revoked';
/** Where a revocation answer came from: the message's own CRLs, a file given to the CLI, the cache, the network. */
export type RevocationSource = 'message' | 'file' | 'cache' | 'network' | 'none';
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/** The revocation answer for one certificate of a chain (the trust anchor is never checked). */
export interface CertificateRevocation {
  sha256: string; // which chain certificate
  status: RevocationStatus;
  /** false: nothing was looked at (offline, no data): "not checked". true + unknown: "could not be checked". */
  checked: boolean;
  method?: 'crl' | 'ocsp';
  source: RevocationSource;
  revokedAt?: string; // ISO 8601
  reason?: RevocationReason;
  thisUpdate?: string;
  nextUpdate?: string;
  /** Why the status is unknown, in English (the UI words it from `checked` and `unknownCause`). */
  why?: string;
  unknownCause?: 'offline' | 'no-source' | 'unreachable' | 'expired-data' | 'bad-data' | 'partial';
}

/** A warning the UI can translate by `code`; `message` is English for logs and the CLI. */
export interface Warning {
  code: WarningCode;
  message: string;
}

export type WarningCode =
  | 'weak-digest' // SHA-1 (or weaker) used for the signature
  | 'weak-key' // RSA < 2048 bits
  | 'duplicate-from' // more than one From header / address
  | 'display-name-address' // the From display name is an e-mail address other than the real one
  | 'sender-header-mismatch' // Sender disagrees with From
  | 'protected-from-differs' // the From inside the signature (protected headers) is not the From shown
  | 'partial-coverage' // the signature covers only part of what is shown
  | 'visible-text-unsigned' // the first text a reader sees is outside the signed part (only an attachment is signed)
  | 'signing-time-missing'
  | 'signing-time-future'
  | 'certificate-expired-now' // valid at signing time, expired today
  | 'revocation-unchecked'
  | 'multiple-signers'
  | 'nested-signature'
  | 'not-integrity-protected' // CBC-encrypted content without a valid inner signature (EFAIL)
  | 'econtent-in-detached'
  | 'orphan-signature' // an smime.p7s that does not sign the message (fake signature)
  | 'unknown-critical-extension'
  | 'other';

export interface CertificateSummary {
  subject: string; // RFC 4514-ish one-line DN
  commonName?: string;
  emails: string[]; // rfc822Name SANs, else subject emailAddress; as written in the certificate
  issuer: string;
  serial: string; // lowercase hex, no leading 00
  notBefore: string; // ISO 8601
  notAfter: string; // ISO 8601
  sha256: string; // fingerprint of the DER, lowercase hex
  sha1: string;
  keyType: string; // e.g. "RSA 2048", "EC P-256", "Ed25519"
  isCA: boolean;
  selfSigned: boolean;
}

export type SignerStatus = 'valid' | 'invalid' | 'signer-unknown' | 'malformed';

/** CA/B Forum S/MIME BR validation type (policy 2.23.140.1.5.{1,2,3,4}.x); 'unknown' = no (or conflicting) BR policy. */
export type ValidationType = 'mailbox' | 'organization' | 'sponsor' | 'individual' | 'unknown';

/** What the CA vouched for. Names are present only when the policy covers them and the chain is trusted. */
export interface SignerValidation {
  type: ValidationType;
  policy?: string; // the BR policy OID found
  organization?: string; // subject O, validated (organization, sponsor)
  person?: string; // the person's name, validated (individual, sponsor)
  /** Trusted only through a root the user added: no public CA checked anything, so no name is given. */
  userRoot?: true;
}

export interface SignerReport {
  status: SignerStatus;
  reason?: string; // why not valid, in English
  certificate?: CertificateSummary;
  certificateDer?: Uint8Array; // the signer's certificate, for harvest into the address book
  signingTime?: string; // ISO 8601, from the signed attribute
  digestAlgorithm: string; // e.g. "SHA-256"
  signatureAlgorithm: string; // e.g. "RSA PKCS#1 v1.5", "RSA-PSS", "ECDSA P-256", "Ed25519"
  smimeCapabilities?: SmimeCapability[]; // what the signer says it can decrypt
  trust: TrustStatus;
  trustReasons: string[];
  chain: CertificateSummary[]; // leaf first, anchor last, as built
  revocation: RevocationStatus;
  /** Per chain certificate (anchor excluded), in chain order; absent when no chain was validated. */
  revocationChecks?: CertificateRevocation[];
  /** Who the CA vouched for; absent when the signer certificate is missing or unreadable. */
  validation?: SignerValidation;
}

export interface SmimeCapability {
  oid: string;
  name?: string; // e.g. "AES-256-CBC", "RSAES-OAEP"
  parameters?: Uint8Array; // DER of the parameters, if any
}

export type SignedForm = 'multipart-signed' | 'opaque' | 'none';

export interface VerifyResult {
  signature: SignatureStatus;
  trust: TrustStatus;
  sender: SenderStatus;
  coverage: Coverage;
  form: SignedForm;
  signers: SignerReport[];
  warnings: Warning[];
  /** The From addr-specs of the outer message (after RFC 2047 decoding), for display. */
  from: string[];
  /**
   * The From addr-specs inside the signed content when it carries protected headers (protected-headers="v1", or the
   * RFC 9788 hp parameter): the From the signature covers, which the sender check uses.
   */
  coveredFrom?: string[];
  /** One-line English reason when signature is not 'valid' (or input unusable). */
  reason?: string;
  /** The signed MIME entity exactly as covered by the signature (CRLF), when there is one. */
  signedContent?: Uint8Array;
}

/** A private key with its certificate, as read from PKCS#12 or stored in the keystore. */
export interface Identity {
  certificate: Uint8Array; // DER of the end-entity certificate that matches the key
  chain: Uint8Array[]; // DER of the other certificates in the file (intermediates, root), leaf excluded
  privateKeyPkcs8: Uint8Array; // unencrypted PKCS#8 DER; keep its lifetime short
  keyAlgorithm: KeyAlgorithmName;
  friendlyName?: string;
}

export type KeyAlgorithmName = 'RSA' | 'EC-P256' | 'EC-P384' | 'EC-P521' | 'Ed25519' | 'X25519' | 'DSA' | 'unknown';
