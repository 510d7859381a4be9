// Records → the message API's view types. Views never carry private-key material.
import type { ContactView, IdentityView, TrustAnchorView } from '../shared/messages';
import type { ContactRecord, IdentityRecord, TrustAnchorRecord } from './keystore/schema';

export function identityView(r: IdentityRecord, defaults: Map<string, string>): IdentityView {
  const view: IdentityView = {
    id: r.id,
    summary: r.summary,
    emails: r.emails,
    keyAlgorithm: r.keyAlgorithm,
    addedAt: r.addedAt,
    chainLength: r.chain.length,
    defaultFor: r.emails.filter((a) => defaults.get(a) === r.id),
  };
  if (r.friendlyName) view.friendlyName = r.friendlyName;
  return view;
}

export function contactView(r: ContactRecord): ContactView {
  return {
    address: r.address,
    current: r.current,
    certificates: r.certificates.map((c) => ({
      id: c.id,
      summary: c.summary,
      trust: c.trust,
      capabilities: c.capabilities,
      capabilitiesSeenAt: c.capabilitiesSeenAt,
      firstSeen: c.firstSeen,
      lastSeen: c.lastSeen,
    })),
    history: r.history.map((h) => ({ ...h })),
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
  };
}

export function trustAnchorView(r: TrustAnchorRecord): TrustAnchorView {
  return { id: r.id, summary: r.summary, addedAt: r.addedAt };
}

/** A safe download name from a certificate's common name or address. */
export function certificateFileStem(summary: { commonName?: string; emails: string[]; sha256: string }): string {
  const base = summary.commonName || summary.emails[0] || summary.sha256.slice(0, 16);
  const safe = base.replace(/[^\p{L}\p{N}@._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 64);
  return safe || 'certificate';
}
