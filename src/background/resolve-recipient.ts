// Which certificate encrypts to an address: our own default identity for it, else the contact's current certificate.
// One rule for the composer's recipient hints, encrypt-message and sending, so what is shown is what is used.
import type { RecipientStatus } from '../shared/messages';
import { currentCertificate, getContact } from './keystore/contacts';
import { effectiveDefault, isValidAt } from './keystore/defaults';
import { getIdentity } from './keystore/identities';
import { normalizeAddress, type Keystore } from './keystore/keystore';

/** The status for `address`, with the certificate's DER when there is one (strip it before answering a caller). */
export async function resolveRecipient(ks: Keystore, address: string): Promise<RecipientStatus & { der?: Uint8Array }> {
  const addr = normalizeAddress(address);
  const own = await effectiveDefault(ks, addr);
  if (own) {
    const r = await getIdentity(ks, own.identityId);
    return { address: addr, status: 'ok', certificateId: r.id, summary: r.summary, capabilities: [], der: r.certificate };
  }
  const contact = await getContact(ks, addr);
  const cert = contact && currentCertificate(contact);
  if (!cert) return { address: addr, status: 'missing' };
  const status = !isValidAt(cert, ks.clock.now()) ? 'expired' : cert.trust === 'trusted' ? 'ok' : 'untrusted';
  return { address: addr, status, certificateId: cert.id, summary: cert.summary, capabilities: cert.capabilities, der: cert.der };
}
