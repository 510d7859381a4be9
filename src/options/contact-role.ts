// How a contact's non-current certificate is labelled. "Earlier certificate" only for one that really is older than
// the current one; a newer one that is not used (its issuer is not trusted, e.g. a look-alike CA) says so.
import type { ContactCertificateView, ContactView } from '../shared/messages';

export type ContactCertificateRole = 'current' | 'earlier' | 'not-used-untrusted' | 'not-used';

export function contactCertificateRole(contact: ContactView, cert: ContactCertificateView): ContactCertificateRole {
  if (contact.current === cert.id) return 'current';
  const current = contact.certificates.find((c) => c.id === contact.current);
  if (cert.trust !== 'trusted' && cert.trust !== 'expired') return 'not-used-untrusted';
  if (current && Date.parse(cert.summary.notBefore) <= Date.parse(current.summary.notBefore)) return 'earlier';
  return 'not-used';
}

export const ROLE_MESSAGE: Record<Exclude<ContactCertificateRole, 'current'>, string> = {
  earlier: 'contactOlder',
  'not-used-untrusted': 'contactNotUsedUntrusted',
  'not-used': 'contactNotUsed',
};
