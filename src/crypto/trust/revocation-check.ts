// The place where OCSP / CRL checking plugs in. Nothing fetches revocation data yet (an extension that
// calls OCSP responders leaks who mails whom), so the default answers 'unknown' and says so.
import type { RevocationStatus } from '../types';

export interface RevocationQuery {
  /** Leaf first, anchor last (DER), as validated. */
  chain: readonly Uint8Array[];
  /** The time the chain was validated at (signing time when it was used, else now). */
  at: Date;
}

export interface RevocationChecker {
  check(query: RevocationQuery): Promise<RevocationStatus>;
}

/** Default: no OCSP, no CRL. Replace with a checker that consults stapled/cached responses when we have them. */
export const noRevocationCheck: RevocationChecker = {
  async check(): Promise<RevocationStatus> {
    return 'unknown';
  },
};
