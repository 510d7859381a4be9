// The keystore's IndexedDB record types, current version. Older shapes live only in migrations.ts.
// Every certificate is identified by the SHA-256 of its DER (lowercase hex), computed here, never taken from callers.
import type { DBSchema } from 'idb';
import type { CertificateSummary, KeyAlgorithmName, SmimeCapability, TrustStatus } from '../../crypto/types';
import type { ComposeSettings, Settings } from '../../shared/messages';

export const KEYSTORE_DB_NAME = 'smime-keystore';
export const KEYSTORE_SCHEMA_VERSION = 5;

/** A PKCS#8 private key encrypted with AES-GCM under the current key-encryption key (AAD = identity id). */
export interface ProtectedKey {
  kek: 'device' | 'passphrase';
  iv: Uint8Array; // 12 random bytes
  ciphertext: Uint8Array; // AES-GCM output including the 16-byte tag
}

export interface IdentityRecord {
  id: string;
  certificate: Uint8Array;
  chain: Uint8Array[];
  keyAlgorithm: KeyAlgorithmName;
  protectedKey: ProtectedKey;
  summary: CertificateSummary;
  emails: string[]; // lowercased; multiEntry index
  friendlyName?: string;
  addedAt: string;
}

export interface ContactCertificateRecord {
  id: string;
  der: Uint8Array;
  summary: CertificateSummary;
  trust: TrustStatus;
  capabilities: SmimeCapability[]; // v2: always an array ([] = never announced)
  capabilitiesSeenAt: string | null; // v2
  firstSeen: string;
  lastSeen: string;
}

export interface ContactChangeRecord {
  at: string;
  from: string | null;
  to: string;
  promoted: boolean;
}

/** v4: what the address book learns about an address's signing habit, only from signatures the background verified. */
export interface ContactSigningRecord {
  signedMessages: number; // distinct validly signed messages from this address (From matched the certificate)
  recentMessages: string[]; // SHA-256 of the last few such messages, so re-reading one does not count it again
  firstMessage: string | null; // SHA-256 of the first one ("first signed mail from this address"); 'before-v4' if unknown
  unsignedDismissedAt: string | null; // the user said "this sender also sends unsigned mail"
}

export interface ContactRecord {
  address: string; // lowercased; key
  current: string | null;
  certificates: ContactCertificateRecord[];
  certIds: string[]; // multiEntry index, to find a certificate by id
  history: ContactChangeRecord[];
  firstSeen: string;
  lastSeen: string;
  signing: ContactSigningRecord; // v4
}

export interface TrustAnchorRecord {
  id: string;
  der: Uint8Array;
  summary: CertificateSummary;
  addedAt: string;
}

export interface DefaultRecord {
  address: string;
  identityId: string;
  setAt: string;
}

export interface PassphraseParams {
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  salt: Uint8Array;
  verifier: { iv: Uint8Array; ciphertext: Uint8Array };
  setAt: string;
}

/** v3: a composer draft, AES-GCM-encrypted under the drafts key (AAD = draft id); only metadata-free fields outside. */
export interface DraftRecord {
  id: string; // 32 hex, chosen by the composer
  updatedAt: string; // ISO 8601; index for "most recent first"
  iv: Uint8Array;
  ciphertext: Uint8Array; // JSON of the ComposeDraft (attachments base64), AES-GCM with tag
}

/** v5: a fetched CRL (by URL) or OCSP answer (by issuer-key hash + serial), kept until its nextUpdate. */
export interface RevocationCacheRecord {
  key: string; // 'crl:<url>' or 'ocsp:<issuerKeyHash>:<serial>'
  der: Uint8Array;
  expires: string; // ISO 8601: nextUpdate, or a day after fetching when the answer has none; index
  storedAt: string;
}

export type MetaValue =
  | { key: 'device-kek'; kek: CryptoKey } // non-extractable AES-GCM key
  | { key: 'passphrase'; params: PassphraseParams }
  | { key: 'settings'; settings: Settings }
  | { key: 'drafts-key'; key256: CryptoKey } // v3: non-extractable AES-GCM key for drafts (device-bound)
  | { key: 'oauth-settings'; clientId: string | null } // v3
  | { key: 'compose-settings'; settings: ComposeSettings } // v3
  | { key: 'ms-oauth-settings'; clientId: string | null; graphRead: boolean }; // Outlook: Entra app id, Graph read path

export type MetaKey = MetaValue['key'];

export interface KeystoreSchema extends DBSchema {
  identities: { key: string; value: IdentityRecord; indexes: { 'by-email': string; 'by-notAfter': string } };
  contacts: { key: string; value: ContactRecord; indexes: { 'by-certificate': string; 'by-lastSeen': string } };
  trustAnchors: { key: string; value: TrustAnchorRecord };
  defaults: { key: string; value: DefaultRecord };
  meta: { key: MetaKey; value: MetaValue };
  drafts: { key: string; value: DraftRecord; indexes: { 'by-updatedAt': string } };
  revocation: { key: string; value: RevocationCacheRecord; indexes: { 'by-expires': string } };
}

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  harvestCertificates: true,
  expiryWarningDays: 30,
  checkRevocationOnline: false,
  requireRevocation: false,
};
