// The interface through which chain validation asks about revocation. The engine's implementation
// (revocation/chain-revocation.ts) reads CRLs from the message, a cache and (when the user allows it) the network;
// without one, nothing is checked and each certificate says so.
import type { CertificateRevocation, RevocationStatus } from '../types';

export interface RevocationQuery {
  /** Leaf first, anchor last (DER), as validated. */
  chain: readonly Uint8Array[];
  /** The time revocation is judged at: now (a signing time is the signer's own claim). */
  at: Date;
  /** Other certificates at hand (message, known intermediates): possible indirect-CRL and OCSP signers. */
  candidates?: readonly Uint8Array[];
}

export interface RevocationOutcome {
  status: RevocationStatus;
  /** One per chain certificate except the anchor, in chain order. */
  certificates: CertificateRevocation[];
}

export interface RevocationChecker {
  check(query: RevocationQuery): Promise<RevocationOutcome>;
}

/** Default: no OCSP, no CRL; every certificate is reported "not checked". */
export const noRevocationCheck: RevocationChecker = {
  async check(query): Promise<RevocationOutcome> {
    return { status: 'unknown', certificates: query.chain.slice(0, -1).map(() => notChecked('', 'no revocation source was given')) };
  },
};

export function notChecked(sha256: string, why: string): CertificateRevocation {
  return { sha256, status: 'unknown', checked: false, source: 'none', why, unknownCause: 'no-source' };
}

/** Revoked if any certificate is; good only if every one is good. */
export function combineRevocation(list: readonly CertificateRevocation[]): RevocationStatus {
  if (list.some((c) => c.status === 'revoked')) return 'revoked';
  if (list.length > 0 && list.every((c) => c.status === 'good')) return 'good';
  return 'unknown';
}
