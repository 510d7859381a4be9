// When is decrypted content safe from undetected changes on the way (EFAIL)? One rule for the engine, the CLI and
// every view. AEAD protects it; so does a signature over the whole content, but only one that is valid AND trusted:
// anyone can wrap altered CBC ciphertext in a valid signature from a certificate of their own.
import type { VerifyResult } from '../types';

/** True when this signature vouches for the whole of what it covers: valid, trusted, full coverage. */
export function signatureProtectsIntegrity(v: VerifyResult | undefined): boolean {
  return v !== undefined && v.signature === 'valid' && v.trust === 'trusted' && v.coverage === 'full';
}

/** The content is integrity-protected by AEAD, a trusted signature inside, or a trusted signature around the ciphertext. */
export function contentIntegrityProtected(aead: boolean, inner: VerifyResult | undefined, outer: VerifyResult | undefined): boolean {
  return aead || signatureProtectsIntegrity(inner) || signatureProtectsIntegrity(outer);
}
