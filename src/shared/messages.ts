// The one definition of the message API between extension pages, content scripts and the background.
// Both ends import these types; the background router also enforces `OPERATION_CALLERS` at runtime.
import type { CertificateSummary, KeyAlgorithmName, SmimeCapability, TrustStatus, VerifyResult, Warning } from '../crypto/types';

/**
 * Who may call an operation. Web pages and other extensions may call nothing.
 * 'extension-frame': one of our pages embedded in a web page's tab (the viewer frames over Gmail). The page around
 * it can create such frames itself, so they get only what they need, never the full extension-page set.
 */
export type CallerKind = 'extension-page' | 'extension-frame' | 'content-script';

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
  | 'storage-unavailable' // the browser refuses to store data (Firefox: "Never remember history")
  | 'no-identity' // no identity can sign/decrypt for this address/message
  | 'no-recipient-certificate'
  | 'signature-not-valid' // harvest refused: the message does not carry a valid signature
  | 'expired' // a staged view's token is unknown, used, expired, or from another tab
  | 'rate-limited' // too many failed decryptions in this tab (padding-oracle guard)
  // compose and send (Gmail API)
  | 'oauth-not-configured' // no OAuth client id in Options and none built in
  | 'oauth-failed' // the sign-in window was closed or Google refused
  | 'oauth-account-mismatch' // the token belongs to another Google account than the Gmail tab's
  | 'send-unauthorized' // Gmail refused the token even after signing in again
  | 'send-quota' // 429 / rate or daily limit: try again later
  | 'send-network' // offline or the request did not complete: retry
  | 'send-server-error' // Gmail answered 5xx
  | 'send-rejected' // Gmail answered another 4xx (e.g. the message was refused)
  | 'compose-context-expired' // the reply handle is unknown (expired or the background restarted)
  | 'graph-not-authorised' // Outlook: the Microsoft Graph read path has no sign-in (never asked for from a page)
  | 'send-too-large' // Outlook: the message is above Graph sendMail's ~4 MB limit
  // engine (EngineErrorCode)
  | 'malformed'
  | 'unsupported-algorithm'
  | 'wrong-password'
  | 'corrupt-file'
  | 'no-private-key'
  | 'no-certificate'
  | 'not-for-this-identity'
  | 'auth-failed'
  | 'empty-file'
  | 'damaged-file'
  | 'zip-password'
  | 'invalid-argument'
  | 'too-much-work';

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
  /** Fetch CRLs / OCSP answers online (needs the http/https host permission, asked for from the Settings page). */
  checkRevocationOnline: boolean;
  /** An unknown revocation status is a warning verdict instead of the normal one. */
  requireRevocation: boolean;
}

/**
 * The toolbar badge's states. 'unavailable': the site's page no longer matches our selectors, so nothing could be
 * checked; 'expired' and 'not-for-you' have badges of their own, since they mean something else than 'untrusted'.
 */
export type TabVerdict = 'valid' | 'invalid' | 'untrusted' | 'expired' | 'encrypted' | 'not-for-you' | 'unavailable' | 'none';
export const TAB_VERDICTS: readonly TabVerdict[] = ['valid', 'invalid', 'untrusted', 'expired', 'encrypted', 'not-for-you', 'unavailable', 'none'];

/** A tab's verdict in words, as the background classified the message itself: the popup shows the status bar's words. */
export interface TabVerdictView {
  kind: string;
  tone: 'good' | 'bad' | 'warn' | 'neutral';
  messageName: string;
  substitutions: string[];
  /** How many S/MIME messages are open in the tab; the words are those of the most serious one. */
  count: number;
}

export interface HarvestAddressResult {
  address: string;
  status: 'added' | 'unchanged' | 'changed' | 'known-again';
  /** The certificate in force when the message was signed, when this one departs from it (see certificateChanged). */
  previous?: CertificateSummary;
  promoted: boolean; // the new certificate became current
  /** Decided by signing time and validity, not by what was read before: see senders/certificate-change.ts. */
  certificateChanged?: boolean;
  /** This message is the first signed mail the address book has from this (From) address. */
  firstSignedMessage?: boolean;
}

export interface HarvestResult {
  harvested: boolean; // false when harvest is switched off or nothing valid to store
  changed: boolean; // some address's certificate in force at signing time was another one
  previous?: CertificateSummary; // first such previous certificate, for the "certificate changed" banner
  /** The first signed mail from the From address ("first signed mail from this address"). */
  firstContact?: boolean;
  addresses: HarvestAddressResult[];
}

/** Why an address resembles one in the address book (see src/background/senders/find-lookalike.ts). */
export type LookalikeReason = 'confusable' | 'digit-swap' | 'added-word' | 'other-suffix' | 'typo' | 'local-part';

/**
 * What the address book says about one sender, for the read view. Deliberately minimal, because a page can make
 * its content script ask about any address: one resembling known address at most, and one bit about the habit.
 */
export interface SenderSignals {
  /**
   * The sender is not in the address book but resembles an address which is. `known` names that address only for
   * extension-origin callers: a content script gets the reason alone (a page must not read the address book out).
   */
  lookalike?: { known?: string; reason: LookalikeReason };
  /** Not looked up (the look-up budget is used up): the read view says it could not check, never nothing. */
  unchecked?: boolean;
  /** Asked for an unsigned message, and this address normally signs (and the user has not dismissed that). */
  signatureMissing: boolean;
}

/** What the address book adds to one verified message's verdict; the bar and Details both apply it. */
export interface SenderContext {
  signals?: SenderSignals;
  /** Another trusted certificate of the From address was in force when this was signed (certificate-change.ts). */
  certificateChanged?: boolean;
  /** This is the first signed mail the address book has from the From address. */
  firstContact?: boolean;
}

export interface RecipientStatus {
  address: string;
  status: 'ok' | 'missing' | 'expired' | 'untrusted';
  certificateId?: string;
  summary?: CertificateSummary;
  capabilities?: SmimeCapability[];
}

/** What a viewer frame gets for its token: the verdict for the details panel, or the decrypted message. */
/** Which path fetched a message's raw source (site adapters); the details panel names it. */
export type RawSourceVia = 'gmail-att' | 'gmail-om' | 'outlook-service' | 'outlook-graph';
export const RAW_SOURCE_VIAS: readonly RawSourceVia[] = ['gmail-att', 'gmail-om', 'outlook-service', 'outlook-graph'];

export type StagedView =
  | { purpose: 'details'; verify: VerifyResult; via?: RawSourceVia; sender?: SenderContext }
  | { purpose: 'decrypt'; decrypted: DecryptView; identity: string };

/** What decrypting a message yields for display. */
export interface DecryptOutcome {
  content: Uint8Array; // the decrypted MIME entity (CRLF)
  verify?: VerifyResult; // signature inside the encryption (sign-then-encrypt)
  outerVerify?: VerifyResult; // signature around the encryption (encrypt-then-sign)
  integrityProtected: boolean; // AEAD, or a valid and trusted signature inside or around (integrity-rule.ts); false: warn (EFAIL)
  coverage: 'full' | 'partial'; // 'partial' when unencrypted parts surround the encrypted one
  contentCipher: string;
  warnings: Warning[];
}

export interface DecryptView extends DecryptOutcome {
  identityId: string; // which of the user's identities opened it
}

// ---------- compose and send ----------

export type ComposeMode = 'new' | 'reply' | 'reply-all' | 'forward';

export interface ComposeAttachment {
  name: string;
  type: string; // media type, e.g. "application/pdf"
  data: Uint8Array;
}

/** Everything the composer holds; saved encrypted at rest as a draft and sent by the background. */
export interface ComposeDraft {
  id: string; // 32 lowercase hex digits, chosen by the composer
  mode: ComposeMode;
  account: string | null; // the Gmail account of the tab that opened the composer (null: none known)
  from: string;
  identityId: string | null; // which of the user's identities signs (null: the default for `from`)
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string; // plain text
  attachments: ComposeAttachment[];
  sign: boolean;
  encrypt: boolean;
  hideSubject: boolean; // protected headers: the real subject only inside, "..." outside
  inReplyTo: string | null;
  references: string[];
  threadId: string | null; // Gmail API thread id (hex), for replies
  /** Where it is sent from (absent in drafts saved before Outlook: Gmail). */
  provider?: MailProvider;
  updatedAt?: string; // set by the background when saved
  lastError?: string | null; // set by the background when a send failed
}

export interface DraftSummary {
  id: string;
  account: string | null;
  subject: string;
  to: string[];
  updatedAt: string;
  lastError: string | null;
}

/** Which webmail a composer sends through: the Gmail API, or Microsoft Graph for Outlook on the web. */
export type MailProvider = 'gmail' | 'outlook';

/** Prefill for a composer opened from Gmail (new mail, reply, reply-all, forward). */
export interface ComposeContext {
  mode: ComposeMode;
  account: string | null;
  provider: MailProvider;
  threadId: string | null;
  to: string[];
  cc: string[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** The quoted text (reply) or forwarded text, derived from what the reader was shown, as plain text. */
  quote: string;
  /** The original was encrypted: the composer should default to encrypting the reply. */
  originalEncrypted: boolean;
}

export interface OAuthSettingsView {
  clientId: string | null;
  source: 'options' | 'build' | 'none';
  /** The redirect URI to register for the OAuth client: src/shared/browser-env.ts says which, per browser. */
  redirectUri: string;
}

/** Outlook: the Entra application id, whether the Graph read path is on, and the redirect URI to register. */
export interface MsOAuthSettingsView {
  clientId: string | null;
  source: 'options' | 'build' | 'none';
  /** https://<extension-id>.chromiumapp.org/ */
  redirectUri: string;
  graphRead: boolean;
}

export interface AccountComposeDefaults {
  address: string;
  sign: boolean;
  encrypt: boolean;
}

export interface ComposeSettings {
  signingForm: 'detached' | 'opaque'; // opaque survives servers that rewrite multipart/signed
  hideSubjectByDefault: boolean;
  accounts: AccountComposeDefaults[];
}

export interface SendResult {
  gmailId: string;
  threadId: string | null;
  messageId: string; // the Message-ID header we wrote, with angle brackets
  signed: boolean;
  encrypted: boolean;
}

/** One certificate file (or one key in it) from an import: what happened to it. */
export interface ImportedEntry {
  /** The file's name, or its path inside the ZIP. */
  name: string;
  status: 'imported' | 'already-present' | 'failed';
  identity?: IdentityView;
  error?: RpcError;
}

// ---------- the operation map ----------

export interface Operations {
  ping: { request: Record<string, never>; response: { pong: true; version: string } };
  'keystore-status': { request: Record<string, never>; response: KeystoreStatus };
  'import-identity': {
    /** `zipPassword`: the ZIP's own password when it differs from the certificate's (tried first otherwise). */
    request: { file: Uint8Array; fileName: string; password: string; zipPassword?: string };
    /** `status`/`identity`: the first certificate taken; `entries`: every file and key, including what failed. */
    response: { status: 'imported' | 'already-present'; identity: IdentityView; entries: ImportedEntry[] };
  };
  'list-identities': { request: Record<string, never>; response: { identities: IdentityView[] } };
  'list-contacts': { request: Record<string, never>; response: { contacts: ContactView[] } };
  /** A correspondent's certificate from a .cer/.pem file, checked like a harvested one, under each of its addresses. */
  'import-contact-certificate': {
    request: { certificate: Uint8Array };
    response: { addresses: string[]; trust: ContactTrust; summary: CertificateSummary };
  };
  'delete-contact-certificate': { request: { address: string; certificateId: string }; response: { deleted: boolean } };
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
  /** `messages`: SHA-256 (hex) of the raw messages open in the tab, so the background uses its own verdicts for them. */
  'set-tab-verdict': { request: { verdict: TabVerdict; messages?: string[] }; response: { tabId: number } };
  /** One cheap look-up per opened message's sender (rate-limited per site for content scripts; read-only). */
  'sender-signals': { request: { address: string; signed: boolean }; response: SenderSignals };
  /**
   * "This sender also sends unsigned mail": no more signature-missing warnings for this address. A content script
   * may dismiss only a sender its tab was warned about by the background.
   */
  'dismiss-signature-missing': { request: { address: string }; response: { dismissed: boolean } };
  /** A content script hands a message to the background for an extension frame in the same tab (one-time token). */
  'stage-message': { request: { message: Uint8Array; purpose: 'decrypt' | 'details'; via?: RawSourceVia }; response: { token: string } };
  /** The viewer frame redeems its token: the decrypted view, or the verdict for the details panel. */
  'open-staged': { request: { token: string }; response: StagedView };
  /**
   * The popup asks for a tab's verdict: the background's own verdict for the most serious open message it verified
   * (`view`, `result`), else what the content script reported (e.g. 'unavailable': the site changed).
   */
  'tab-verdict': { request: { tabId: number }; response: { verdict: TabVerdict; view?: TabVerdictView; result?: VerifyResult } };
  // compose and send
  'open-composer': {
    request: { mode: ComposeMode; account?: string; threadId?: string; message?: Uint8Array; provider?: MailProvider };
    response: { handle: string };
  };
  'get-compose-context': { request: { handle: string }; response: ComposeContext };
  'save-draft': { request: { draft: ComposeDraft }; response: { id: string; updatedAt: string } };
  'load-draft': { request: { id: string }; response: { draft: ComposeDraft } };
  'list-drafts': { request: Record<string, never>; response: { drafts: DraftSummary[] } };
  'delete-draft': { request: { id: string }; response: { deleted: boolean } };
  'send-message': { request: { draft: ComposeDraft }; response: SendResult };
  'get-oauth-settings': { request: Record<string, never>; response: OAuthSettingsView };
  'set-oauth-settings': { request: { clientId: string | null }; response: OAuthSettingsView };
  'get-compose-settings': { request: Record<string, never>; response: ComposeSettings };
  'set-compose-settings': { request: Partial<ComposeSettings>; response: ComposeSettings };
  // Outlook
  /** The Outlook content script's Graph fallback: a message's MIME by its REST id, with an existing sign-in only. */
  'outlook-graph-mime': { request: { id: string }; response: { message: Uint8Array } };
  'get-ms-oauth-settings': { request: Record<string, never>; response: MsOAuthSettingsView };
  'set-ms-oauth-settings': { request: { clientId?: string | null; graphRead?: boolean }; response: MsOAuthSettingsView };
  'ms-sign-in': { request: { purpose: 'send' | 'read'; account?: string }; response: { account: string } };
}

export type OperationName = keyof Operations;
export type RequestOf<Op extends OperationName> = Operations[Op]['request'];
export type ResponseOf<Op extends OperationName> = Operations[Op]['response'];

const PAGE: readonly CallerKind[] = ['extension-page'];
const BOTH: readonly CallerKind[] = ['extension-page', 'content-script'];
const CONTENT: readonly CallerKind[] = ['content-script'];
const FRAME: readonly CallerKind[] = ['extension-frame'];

/**
 * Who may call what. Content scripts run inside webmail pages, which may be compromised; they get read-only and
 * verify operations only: never decrypt, sign or encrypt, nor import, export, backup, delete, trust or lock changes.
 */
export const OPERATION_CALLERS: { readonly [Op in OperationName]: readonly CallerKind[] } = {
  ping: BOTH,
  'keystore-status': BOTH,
  'import-identity': PAGE,
  'list-identities': PAGE,
  'list-contacts': PAGE,
  'import-contact-certificate': PAGE,
  'delete-contact-certificate': PAGE,
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
  // The address book is the user's: the webmail page (and so its content script) may not query it.
  'recipient-status': PAGE,
  'sign-message': PAGE,
  'encrypt-message': PAGE,
  'set-tab-verdict': CONTENT,
  // The read view asks about every opened message's sender. A page can make it ask about any address, so the
  // answer is minimal (never a known address) and the calls are budgeted per site, not per tab, since a page can
  // open tabs (see docs/ARCHITECTURE.md, threat model).
  'sender-signals': BOTH,
  'dismiss-signature-missing': BOTH,
  'stage-message': CONTENT,
  'open-staged': FRAME,
  'tab-verdict': PAGE,
  // A content script may only ask for the composer to open (with the message being replied to); everything the
  // user types, drafts, tokens and settings stay between the extension-origin composer and the background.
  // The decrypted frame's Reply buttons go through the content script (which holds the message), so extension
  // frames, which a page can create, get nothing here; the composer itself runs as a top-level page.
  'open-composer': BOTH,
  'get-compose-context': PAGE,
  'save-draft': PAGE,
  'load-draft': PAGE,
  'list-drafts': PAGE,
  'delete-draft': PAGE,
  'send-message': PAGE,
  'get-oauth-settings': PAGE,
  'set-oauth-settings': PAGE,
  'get-compose-settings': PAGE,
  'set-compose-settings': PAGE,
  // The Outlook content script may ask for a message's MIME through Graph; the background refuses unless the user
  // already signed in for it (never opens a window for a page), and only for a tab on an Outlook origin.
  'outlook-graph-mime': CONTENT,
  'get-ms-oauth-settings': PAGE,
  'set-ms-oauth-settings': PAGE,
  'ms-sign-in': PAGE,
};

export const OPERATION_NAMES = Object.keys(OPERATION_CALLERS) as OperationName[];

export function isOperationName(x: unknown): x is OperationName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(OPERATION_CALLERS, x);
}

/** The Port name both ends use with chrome.runtime.connect. */
export const RPC_PORT_NAME = 'smime-rpc';
