// When is decrypted content safe from undetected changes on the way (EFAIL)? One rule for the engine, the CLI and
// every view. AEAD protects it; so does a signature over the whole content, but only one that is valid AND trusted
// AND made by the sender the reader sees: anyone can wrap altered CBC ciphertext in a valid signature from a
// certificate of their own, and a free certificate from a public CA is trusted too.
import { addressKey } from '../mime/address-key';
import type { VerifyResult } from '../types';

/**
 * True when this signature vouches for the whole of what it covers: valid, trusted, full coverage, and the signer is
 * the From shown (not only a From inside protected headers that differs from it).
 */
export function signatureProtectsIntegrity(v: VerifyResult | undefined): boolean {
  return v !== undefined && v.signature === 'valid' && v.trust === 'trusted' && v.coverage === 'full' && signerIsShownSender(v);
}

function signerIsShownSender(v: VerifyResult): boolean {
  if (v.sender !== 'match' || v.from.length === 0) return false;
  // With protected headers the sender check ran on the covered From; it must also be the From on screen.
  if (v.coveredFrom === undefined) return true;
  const shown = new Set(v.from.map(addressKey));
  const covered = new Set(v.coveredFrom.map(addressKey));
  return shown.size === covered.size && [...shown].every((k) => covered.has(k));
}

/** The content is integrity-protected by AEAD, or by a trusted signature from the shown sender inside or around the ciphertext. */
export function contentIntegrityProtected(aead: boolean, inner: VerifyResult | undefined, outer: VerifyResult | undefined): boolean {
  return aead || signatureProtectsIntegrity(inner) || signatureProtectsIntegrity(outer);
}
