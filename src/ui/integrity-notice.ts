// Whether a view of decrypted mail shows the "not integrity-protected" (EFAIL) notice. The Gmail frame and "Open a
// message file" both ask here, and the answer is the engine's one rule (src/crypto/smime/integrity-rule.ts) carried
// in DecryptOutcome.integrityProtected, so the two views cannot disagree.
import type { DecryptOutcome } from '../shared/messages';

export function showsIntegrityWarning(outcome: Pick<DecryptOutcome, 'integrityProtected'>): boolean {
  return !outcome.integrityProtected;
}
