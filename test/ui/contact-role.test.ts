// A contact's certificates are labelled by what they are: a newer certificate from an untrusted (look-alike) CA is
// "not used: issuer not trusted", never 「以前の証明書」; only a really older one is "earlier".
import { describe, expect, it } from 'vitest';
import { contactCertificateRole } from '../../src/options/contact-role';
import type { ContactCertificateView, ContactView } from '../../src/shared/messages';

function cert(id: string, notBefore: string, trust: ContactCertificateView['trust']): ContactCertificateView {
  return {
    id,
    trust,
    capabilities: [],
    capabilitiesSeenAt: null,
    firstSeen: notBefore,
    lastSeen: notBefore,
    summary: { subject: 'CN=Bank', emails: ['n@bank.example'], issuer: 'CN=CA', serial: '1', notBefore, notAfter: '2030-01-01T00:00:00Z', sha256: id, sha1: id, keyType: 'EC P-256', isCA: false, selfSigned: false },
  };
}

describe('contactCertificateRole', () => {
  const current = cert('b', '2026-01-01T00:00:00Z', 'trusted');
  const older = cert('a', '2025-01-01T00:00:00Z', 'expired');
  const lookalike = cert('c', '2026-06-01T00:00:00Z', 'untrusted');
  const contact: ContactView = { address: 'n@bank.example', current: 'b', certificates: [current, older, lookalike], history: [], firstSeen: '', lastSeen: '' };

  it('labels each certificate by what it is', () => {
    expect(contactCertificateRole(contact, current)).toBe('current');
    expect(contactCertificateRole(contact, older)).toBe('earlier');
    expect(contactCertificateRole(contact, lookalike)).toBe('not-used-untrusted');
    expect(contactCertificateRole(contact, cert('d', '2027-01-01T00:00:00Z', 'trusted'))).toBe('not-used');
  });
});
