// The one definition of the message API between extension pages, content scripts and the background.
// Both ends import these types; the background router also enforces `OPERATION_CALLERS` at runtime.
import type { CertificateSummary, KeyAlgorithmName, SmimeCapability, TrustStatus, VerifyResult, Warning } from '../crypto/types';

/** Who may call an operation. Web pages and other extensions may call nothing. */
export type CallerKind = 'extension-page' | 'content-script';

export type ErrorCode =
  // transport / router
  | 'forbidden' // the sender may not call this operation
  | 'bad-request' // the request does not have the operation's shape
  | 'unknown-operation'
  | 'disconnected' // the background went away mid-call; retry
  | 'too-large'
  | 'internal'
  | 'not-implemented'
  // keystore
  | 'locked' // passphrase mode and locked: unlock first
  | 'not-found'
  | 'no-passphrase' // passphrase operation while no passphrase is set
  | 'passphrase-already-set'
  | 'wrong-passphrase'
  | 'weak-passphrase'
  | 'invalid-confirm-token'
  | 'no-identity' // no identity can sign/decrypt for this address/message
  | 'no-recipient-certificate'
  | 'signature-not-valid' // harvest refused: the message does not carry a valid signature
  // engine (EngineErrorCode)
  | 'malformed'
  | 'unsupported-algorithm'
  | 'wrong-password'
  | 'corrupt-file'
  | 'no-private-key'
  | 'not-for-this-identity'
  | 'auth-failed'
  | 'invalid-argument';

export interface RpcError {
  code: ErrorCode;
  message: string; // English, for logs; the UI translates by code
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

// ---------- shared value types ----------

export type LockMode = 'device' | 'passphrase';

export interface KeystoreStatus {
  mode: LockMode; // 'device' = no passphrase (always usable); 'passphrase' = can be locked
  hasPassphrase: boolean;
  locked: boolean;
  autoLockMinutes: number; // 0 = never
  /** Epoch ms when the keystore auto-locks if idle; null when not applicable. */
  autoLockAt: number | null;
  identityCount: number;
}

export interface IdentityView {
  id: string; // SHA-256 of the certificate DER, lowercase hex
  summary: CertificateSummary;
  emails: string[]; // lowercased addresses from the certificate
  keyAlgorithm: KeyAlgorithmName;
  friendlyName?: string;
  addedAt: string; // ISO 8601
  chainLength: number;
  /** Addresses for which this identity is the effective default (user choice, else newest valid). */
  defaultFor: string[];
}

export type ContactTrust = TrustStatus; // chain trust at the last time the certificate was seen in a valid signature

export interface ContactCertificateView {
  id: string; // SHA-256 of DER
  summary: CertificateSummary;
  trust: ContactTrust;
  capabilities: SmimeCapability[];
  capabilitiesSeenAt: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface ContactChangeView {
  at: string;
  from: string | null; // certificate id, null when first seen
  to: string;
  promoted: boolean; // whether `to` became the current certificate
}

export interface ContactView {
  address: string;
  current: string | null; // id of the certificate used to encrypt to this address
  certificates: ContactCertificateView[];
  history: ContactChangeView[];
  firstSeen: string;
  lastSeen: string;
}

export interface TrustAnchorView {
  id: string;
  summary: CertificateSummary;
  addedAt: string;
}

export interface ExpiringEntry {
  kind: 'identity' | 'contact';
  id: string; // certificate id
  addresses: string[];
  notAfter: string;
  daysLeft: number; // whole days, may be 0
  summary: CertificateSummary;
}

export interface Settings {
  autoLockMinutes: number; // 0 = never; only meaningful with a passphrase
  harvestCertificates: boolean; // store signers' certificates from valid signatures
  expiryWarningDays: number;
}

export type TabVerdict = 'valid' | 'invalid' | 'untrusted' | 'encrypted' | 'none';

export interface HarvestAddressResult {
  address: string;
  status: 'added' | 'unchanged' | 'changed' | 'known-again';
  previous?: CertificateSummary; // the certificate used before, when status is 'changed'
  promoted: boolean; // the new certificate became current
}

export interface HarvestResult {
  harvested: boolean; // false when harvest is switched off or nothing valid to store
  changed: boolean; // some address had a different certificate before
  previous?: CertificateSummary; // first such previous certificate, for the "certificate changed" banner
  addresses: HarvestAddressResult[];
}

export interface RecipientStatus {
  address: string;
  status: 'ok' | 'missing' | 'expired' | 'untrusted';
  certificateId?: string;
  summary?: CertificateSummary;
  capabilities?: SmimeCapability[];
}

/** What decrypting a message yields for display. */
export interface DecryptOutcome {
  content: Uint8Array; // the decrypted MIME entity (CRLF)
  verify?: VerifyResult; // signature inside the encryption (sign-then-encrypt)
  outerVerify?: VerifyResult; // signature around the encryption (encrypt-then-sign)
  integrityProtected: boolean; // false for CBC without a valid inner signature (EFAIL): warn
  coverage: 'full' | 'partial'; // 'partial' when unencrypted parts surround the encrypted one
  contentCipher: string;
  warnings: Warning[];
}

export interface DecryptView extends DecryptOutcome {
  identityId: string; // which of the user's identities opened it
}

// ---------- the operation map ----------

export interface Operations {
  ping: { request: Record<string, never>; response: { pong: true; version: string } };
  'keystore-status': { request: Record<string, never>; response: KeystoreStatus };
  'import-identity': {
    request: { file: Uint8Array; fileName: string; password: string };
    response: { status: 'imported' | 'already-present'; identity: IdentityView };
  };
  'list-identities': { request: Record<string, never>; response: { identities: IdentityView[] } };
  'list-contacts': { request: Record<string, never>; response: { contacts: ContactView[] } };
  'set-default-identity': {
    request: { address: string; identityId: string | null }; // null = back to automatic choice
    response: { address: string; identityId: string | null };
  };
  'prepare-delete-identity': {
    request: { identityId: string };
    response: { confirmToken: string; expiresAt: number; identity: IdentityView; offerBackup: true };
  };
  'delete-identity': { request: { identityId: string; confirmToken: string }; response: { deleted: true } };
  'export-certificate': {
    request: { certificateId: string; format: 'der' | 'pem' };
    response: { bytes: Uint8Array; fileName: string; mimeType: string };
  };
  'export-backup': {
    request: { identityId: string; password: string };
    response: { pkcs12: Uint8Array; fileName: string };
  };
  'list-trust-anchors': { request: Record<string, never>; response: { anchors: TrustAnchorView[] } };
  'add-trust-anchor': {
    request: { certificate: Uint8Array }; // DER or PEM
    response: { status: 'added' | 'already-present'; anchor: TrustAnchorView };
  };
  'remove-trust-anchor': { request: { id: string }; response: { removed: boolean } };
  'set-passphrase': { request: { passphrase: string }; response: KeystoreStatus };
  'change-passphrase': { request: { oldPassphrase: string; newPassphrase: string }; response: KeystoreStatus };
  'remove-passphrase': { request: { passphrase: string }; response: KeystoreStatus };
  'lock-now': { request: Record<string, never>; response: KeystoreStatus };
  unlock: { request: { passphrase: string }; response: KeystoreStatus };
  'set-auto-lock': { request: { minutes: number }; response: KeystoreStatus };
  'get-settings': { request: Record<string, never>; response: Settings };
  'set-settings': { request: Partial<Settings>; response: Settings };
  'list-expiring': { request: { withinDays?: number }; response: { entries: ExpiringEntry[] } };
  // crypto operations (verify and harvest also for content scripts; see OPERATION_CALLERS)
  'verify-message': { request: { message: Uint8Array }; response: VerifyResult };
  'decrypt-message': { request: { message: Uint8Array }; response: DecryptView };
  'harvest-certificate': { request: { message: Uint8Array }; response: HarvestResult };
  'recipient-status': { request: { addresses: string[] }; response: { recipients: RecipientStatus[] } };
  'sign-message': { request: { mime: Uint8Array; from: string }; response: { message: Uint8Array } };
  'encrypt-message': {
    request: { mime: Uint8Array; from: string; recipients: string[]; sign: boolean };
    response: { message: Uint8Array };
  };
  'set-tab-verdict': { request: { verdict: TabVerdict }; response: { tabId: number } };
}

export type OperationName = keyof Operations;
export type RequestOf<Op extends OperationName> = Operations[Op]['request'];
export type ResponseOf<Op extends OperationName> = Operations[Op]['response'];

const PAGE: readonly CallerKind[] = ['extension-page'];
const BOTH: readonly CallerKind[] = ['extension-page', 'content-script'];
const CONTENT: readonly CallerKind[] = ['content-script'];

/**
 * Who may call what. Content scripts run inside webmail pages, which may be compromised; they get read-only and
 * crypto-operation messages only: never import, export, backup, delete, trust or lock changes.
 */
export const OPERATION_CALLERS: { readonly [Op in OperationName]: readonly CallerKind[] } = {
  ping: BOTH,
  'keystore-status': BOTH,
  'import-identity': PAGE,
  'list-identities': PAGE,
  'list-contacts': PAGE,
  'set-default-identity': PAGE,
  'prepare-delete-identity': PAGE,
  'delete-identity': PAGE,
  'export-certificate': PAGE,
  'export-backup': PAGE,
  'list-trust-anchors': PAGE,
  'add-trust-anchor': PAGE,
  'remove-trust-anchor': PAGE,
  'set-passphrase': PAGE,
  'change-passphrase': PAGE,
  'remove-passphrase': PAGE,
  'lock-now': PAGE,
  unlock: PAGE,
  'set-auto-lock': PAGE,
  'get-settings': PAGE,
  'set-settings': PAGE,
  'list-expiring': PAGE,
  'verify-message': BOTH,
  // Plaintext and signatures only for extension pages: a content script lives in the webmail's renderer, and a
  // compromised page must get neither decrypted mail nor a signing oracle.
  'decrypt-message': PAGE,
  'harvest-certificate': BOTH,
  'recipient-status': BOTH,
  'sign-message': PAGE,
  'encrypt-message': PAGE,
  'set-tab-verdict': CONTENT,
};

export const OPERATION_NAMES = Object.keys(OPERATION_CALLERS) as OperationName[];

export function isOperationName(x: unknown): x is OperationName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(OPERATION_CALLERS, x);
}

/** The Port name both ends use with chrome.runtime.connect. */
export const RPC_PORT_NAME = 'smime-rpc';
