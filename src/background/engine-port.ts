// The engine functions the background needs, as one narrow interface injected into handlers, so the
// keystore and message API are testable with fakes. `real-engine.ts` binds it to src/crypto.
import type { TrustStatus } from '../crypto/types';
import type { CertificateSummary, Identity, SmimeCapability, VerifyResult } from '../crypto/types';
import type { IdentityFileEntry } from '../crypto/pkcs12/open-identity-file';
import type { DecryptOutcome } from '../shared/messages';

import type { VerifyMessageOptions } from '../crypto/smime/verify-message';

export interface VerifyOptions {
  /** DER of user-added trust anchors, on top of the built-in roots. */
  trustAnchors: Uint8Array[];
  now: Date;
  /** Revocation cache, fetcher (only when the user allowed online checks) and require mode. */
  revocation?: VerifyMessageOptions['revocation'];
}

export interface RecipientCertificate {
  certificate: Uint8Array;
  capabilities: SmimeCapability[];
}

export interface EnginePort {
  /**
   * PKCS#12 (.p12/.pfx), PEM key + certificate, or a ZIP (locked or not) holding any number of them: one entry
   * per file, with its identities or its error. Throws EngineError ('wrong-password', 'zip-password', ...).
   */
  openIdentityFile(bytes: Uint8Array, fileName: string, passwords: { password: string; zipPassword?: string }): Promise<IdentityFileEntry[]>;
  writePkcs12(identity: Identity, password: string): Promise<Uint8Array>;
  summarizeCertificate(der: Uint8Array): Promise<CertificateSummary>;
  /** DER or PEM bytes → DER of the first certificate. Throws EngineError('malformed') otherwise. */
  certificateDer(input: Uint8Array): Uint8Array;
  encodePem(der: Uint8Array): string;
  /** A correspondent's certificate file (.cer/.pem, maybe with its chain): the leaf and its trust for encryption. */
  checkCertificateFile?(bytes: Uint8Array, opts: VerifyOptions): Promise<{ leaf: Uint8Array; trust: TrustStatus; reasons: string[] }>;
  /** Verify a whole RFC 5322 message (multipart/signed or opaque). */
  verifyMessage(message: Uint8Array, opts: VerifyOptions): Promise<VerifyResult>;
  /** Decrypt an enveloped message with one identity. Throws EngineError('not-for-this-identity') if it is not a recipient. */
  decryptMessage(message: Uint8Array, identity: Identity, opts: VerifyOptions): Promise<DecryptOutcome>;
  /** Optional so a partial engine still serves the rest; the handlers answer 'not-implemented' meanwhile. */
  signMessage?(mime: Uint8Array, identity: Identity): Promise<Uint8Array>;
  /** Encrypt for `recipients` and the sender's own certificate; sign first with `signer` when given. */
  encryptMessage?(mime: Uint8Array, recipients: RecipientCertificate[], sender: { certificate: Uint8Array; signer?: Identity }): Promise<Uint8Array>;
}
