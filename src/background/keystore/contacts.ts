// The address book: certificates of people who sent us validly signed mail, per address, with the
// capabilities they announced and a history of changes so "this sender's certificate changed" can be shown.
// Callers must only pass certificates from signatures the background itself verified (see harvest handler).
import type { CertificateSummary, SmimeCapability, TrustStatus } from '../../crypto/types';
import type { HarvestAddressResult } from '../../shared/messages';
import { certificateId, normalizeAddress, nowIso, type Keystore } from './keystore';
import type { ContactCertificateRecord, ContactRecord, ContactSigningRecord } from './schema';
import { changedFrom, judgedSigningTime, preferredCertificate } from '../senders/certificate-change';

/** Bounds, so a stream of validly signed junk cannot grow one address without limit. */
export const MAX_CERTIFICATES_PER_ADDRESS = 16;
export const MAX_HISTORY_PER_ADDRESS = 64;
export const MAX_CAPABILITIES = 64;
/** Message digests kept per address so that re-reading a message does not count it twice. */
export const MAX_RECENT_MESSAGES = 32;

export function emptySigning(): ContactSigningRecord {
  return { signedMessages: 0, recentMessages: [], firstMessage: null, unsignedDismissedAt: null };
}

export interface VerifiedSigner {
  certificateDer: Uint8Array;
  summary: CertificateSummary;
  trust: TrustStatus;
  capabilities?: SmimeCapability[];
  /** When the signer made the signature (signingTime) if known; else the harvest time is used. */
  seenAt?: string;
  /** The verified message: its SHA-256 and its From addresses, to learn the signing habit of those addresses. */
  message?: { digest: string; from: readonly string[] };
}

/**
 * Record a verified signer under each address its certificate carries. A new certificate becomes the
 * current one, except that an untrusted certificate never replaces a trusted one, and a certificate flagged as a
 * change or signed at an unbelievable time never replaces any (it is kept and reported).
 */
export async function harvestSigner(ks: Keystore, signer: VerifiedSigner): Promise<HarvestAddressResult[]> {
  const id = await certificateId(signer.certificateDer);
  const now = nowIso(ks);
  const signedAt = judgedSigningTime(signer.summary, signer.seenAt, now);
  const addresses = [...new Set(signer.summary.emails.map(normalizeAddress))].filter((a) => a.includes('@'));
  const fromKeys = new Set((signer.message?.from ?? []).map(normalizeAddress));
  const capabilities = signer.capabilities ? signer.capabilities.slice(0, MAX_CAPABILITIES) : null;
  const results: HarvestAddressResult[] = [];
  const tx = ks.db.transaction('contacts', 'readwrite');
  for (const address of addresses) {
    const existing = await tx.store.get(address);
    const record: ContactRecord = existing ?? {
      address,
      current: null,
      certificates: [],
      certIds: [],
      history: [],
      firstSeen: now,
      lastSeen: now,
      signing: emptySigning(),
    };
    record.signing ??= emptySigning();
    record.lastSeen = now;
    let cert = record.certificates.find((c) => c.id === id);
    const isNewCert = !cert;
    if (!cert) {
      cert = {
        id,
        der: signer.certificateDer.slice(),
        summary: signer.summary,
        trust: signer.trust,
        capabilities: [],
        capabilitiesSeenAt: null,
        firstSeen: now,
        lastSeen: now,
      };
      record.certificates.push(cert);
    }
    cert.lastSeen = now;
    // A replay of the same certificate without its intermediates would verify as 'untrusted': that must not
    // downgrade a certificate we once chained to a trusted root (and so let a look-alike replace it). Time-based
    // problems (expired) and revocation are real changes and are recorded.
    const chainMissing = signer.trust === 'untrusted' || signer.trust === 'unknown';
    if (!(cert.trust === 'trusted' && chainMissing)) cert.trust = signer.trust;
    if (capabilities) {
      cert.capabilities = capabilities;
      cert.capabilitiesSeenAt = now;
    }
    const firstSignedMessage = fromKeys.has(address) && signer.message ? learnSigned(record, signer.message.digest) : false;

    const previousId = record.current;
    const previous = previousId ? record.certificates.find((c) => c.id === previousId) : undefined;
    // Decided by time (see senders/certificate-change.ts), so reading order does not change the answer.
    const departsFrom = changedFrom(cert, record.certificates, signedAt.at);
    let result: HarvestAddressResult;
    if (previousId === id) {
      result = { address, status: 'unchanged', promoted: false };
    } else {
      // A certificate that departs from one in force, or came with a signing time we could not believe, never
      // replaces the current one on its own: replies would go silently to a key the sender may not hold.
      const promoted = !previous || (!departsFrom && signedAt.believable && preferredCertificate(previous, cert) === cert);
      if (promoted) record.current = id;
      record.history.push({ at: now, from: previousId, to: id, promoted });
      if (!previous) result = { address, status: 'added', promoted };
      else result = { address, status: isNewCert ? 'changed' : 'known-again', promoted };
    }
    if (departsFrom) result.previous = departsFrom.summary;
    result.certificateChanged = departsFrom !== undefined;
    if (firstSignedMessage) result.firstSignedMessage = true;
    pruneContact(record);
    await tx.store.put(record);
    results.push(result);
  }
  await tx.done;
  return results;
}

/** Counts a verified signed message once; true when it is the first signed message from this address. */
function learnSigned(record: ContactRecord, digest: string): boolean {
  const s = record.signing;
  if (!s.recentMessages.includes(digest)) {
    s.signedMessages++;
    s.recentMessages.push(digest);
    if (s.recentMessages.length > MAX_RECENT_MESSAGES) s.recentMessages = s.recentMessages.slice(-MAX_RECENT_MESSAGES);
  }
  if (s.firstMessage === null) s.firstMessage = digest;
  return s.firstMessage === digest;
}

function pruneContact(record: ContactRecord): void {
  if (record.certificates.length > MAX_CERTIFICATES_PER_ADDRESS) {
    const keep = record.certificates
      .filter((c) => c.id !== record.current)
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))
      .slice(0, MAX_CERTIFICATES_PER_ADDRESS - 1);
    const current = record.certificates.find((c) => c.id === record.current);
    record.certificates = current ? [current, ...keep] : keep;
  }
  record.certIds = record.certificates.map((c) => c.id);
  if (record.history.length > MAX_HISTORY_PER_ADDRESS) record.history = record.history.slice(-MAX_HISTORY_PER_ADDRESS);
}

export function listContacts(ks: Keystore): Promise<ContactRecord[]> {
  return ks.db.getAll('contacts');
}

export async function getContact(ks: Keystore, address: string): Promise<ContactRecord | undefined> {
  return ks.db.get('contacts', normalizeAddress(address));
}

export async function findContactCertificate(ks: Keystore, id: string): Promise<ContactCertificateRecord | undefined> {
  const contact = await ks.db.getFromIndex('contacts', 'by-certificate', id);
  return contact?.certificates.find((c) => c.id === id);
}

export function currentCertificate(contact: ContactRecord): ContactCertificateRecord | undefined {
  return contact.current ? contact.certificates.find((c) => c.id === contact.current) : undefined;
}

/**
 * The user removes one certificate of a contact. The current one is replaced by the preferred remaining one
 * (trusted, newest); a contact left without certificates is forgotten entirely (with what was learnt about it).
 */
export async function deleteContactCertificate(ks: Keystore, address: string, id: string): Promise<boolean> {
  const tx = ks.db.transaction('contacts', 'readwrite');
  const record = await tx.store.get(normalizeAddress(address));
  if (!record || !record.certificates.some((c) => c.id === id)) {
    await tx.done;
    return false;
  }
  record.certificates = record.certificates.filter((c) => c.id !== id);
  if (record.certificates.length === 0) {
    await tx.store.delete(record.address);
  } else {
    if (record.current === id) record.current = record.certificates.reduce((a, b) => preferredCertificate(a, b)).id;
    record.certIds = record.certificates.map((c) => c.id);
    await tx.store.put(record);
  }
  await tx.done;
  return true;
}
