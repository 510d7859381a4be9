// "This sender's certificate changed", decided by time rather than by reading order (banks renew every year,
// and an inbox is read newest first). A message signed with certificate C at time T is a change only when
// another certificate D of the same address was the sender's certificate in force at T: D trusted and valid at T,
// C not an older certificate of the same sender, and C not a renewal by the same CA. So an older genuine mail
// signed with the previous certificate is never flagged, and a certificate gets the same answer on every message
// signed while the same certificates were in force.
import type { CertificateSummary, TrustStatus } from '../../crypto/types';

export interface KnownCertificate {
  id: string;
  summary: CertificateSummary;
  trust: TrustStatus;
}

/** Chained to a trusted root when it signed ('expired' = trusted at signing time, expired since). */
function vouched(trust: TrustStatus): boolean {
  return trust === 'trusted' || trust === 'expired';
}

function validAt(c: CertificateSummary, t: number): boolean {
  return Date.parse(c.notBefore) <= t && t <= Date.parse(c.notAfter);
}

/**
 * The signing time to judge a change by. The signer writes signingTime, so it is believed only when it lies inside
 * the candidate certificate's own validity and is not later than `now`; otherwise (or when absent) it is `now`.
 * `believable` is false for a claimed time we refused: a back-dated signature must not pick a moment when no
 * known certificate was in force and so silence the warning.
 */
export function judgedSigningTime(candidate: CertificateSummary, claimed: string | undefined, now: string): { at: string; believable: boolean } {
  if (claimed === undefined) return { at: now, believable: true };
  const t = Date.parse(claimed);
  const ok = !Number.isNaN(t) && t <= Date.parse(now) && validAt(candidate, t);
  return ok ? { at: claimed, believable: true } : { at: now, believable: false };
}

/** The certificate in force at `at` that `candidate` departs from, or undefined when it is no change. */
export function changedFrom(candidate: KnownCertificate, others: readonly KnownCertificate[], at: string): KnownCertificate | undefined {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return undefined;
  const inForce = others
    .filter((d) => d.id !== candidate.id && vouched(d.trust) && validAt(d.summary, t))
    .sort((a, b) => Date.parse(b.summary.notBefore) - Date.parse(a.summary.notBefore));
  if (inForce.length === 0) return undefined;
  if (!vouched(candidate.trust)) return inForce[0]; // an untrusted certificate beside a trusted one: always say so
  const candidateStart = Date.parse(candidate.summary.notBefore);
  for (const d of inForce) {
    const older = candidateStart <= Date.parse(d.summary.notBefore);
    const renewal = d.summary.issuer === candidate.summary.issuer;
    if (!older && !renewal) return d;
  }
  return undefined;
}

/**
 * Which of two certificates should be the address's current one (used to encrypt to them): a trusted one over an
 * untrusted one, then the newer (later notBefore). Reading an old mail therefore never brings back an old certificate.
 */
export function preferredCertificate<T extends KnownCertificate>(a: T, b: T): T {
  const at = a.trust === 'trusted';
  const bt = b.trust === 'trusted';
  if (at !== bt) return at ? a : b;
  return Date.parse(b.summary.notBefore) > Date.parse(a.summary.notBefore) ? b : a;
}
