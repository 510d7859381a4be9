// A correspondent's certificate added from a .cer/.pem file (not from a signature): parsed strictly and checked
// with the same chain validation as a harvested signer, for encryption, so it is shown with its real trust.
import { EngineError, toEngineError } from '../errors';
import type { TrustStatus } from '../types';
import { readExtensions } from '../x509/read-extensions';
import { certificateDer, parseCertificate } from '../x509/parse-certificate';
import { decodePemBlocks, looksLikePem } from '../x509/pem';
import { validateChain } from './validate-chain';

export interface CheckedCertificate {
  /** DER of the end-entity certificate in the file. */
  leaf: Uint8Array;
  trust: TrustStatus;
  reasons: string[];
}

const MAX_CERTIFICATES = 10;

export async function checkCertificateFile(bytes: Uint8Array, opts: { userRoots?: Uint8Array[]; now: Date }): Promise<CheckedCertificate> {
  const ders = looksLikePem(bytes) ? decodePemBlocks(new TextDecoder().decode(bytes)) : [certificateDer(bytes)];
  if (ders.length === 0) throw new EngineError('malformed', 'The file holds no certificate.');
  if (ders.length > MAX_CERTIFICATES) throw new EngineError('malformed', `The file holds more than ${MAX_CERTIFICATES} certificates.`);
  const leaves = ders.filter((d) => readExtensions(parseCertificate(d)).basicConstraints?.cA !== true);
  if (leaves.length !== 1) {
    throw new EngineError('invalid-argument', leaves.length === 0 ? 'The file holds only CA certificates, not a person’s certificate.' : 'The file holds more than one person’s certificate.');
  }
  const leaf = leaves[0];
  try {
    const r = await validateChain({ leaf, candidates: ders.filter((d) => d !== leaf), userRoots: opts.userRoots, now: opts.now, purpose: 'smime-encrypt' });
    return { leaf, trust: r.status, reasons: r.reasons };
  } catch (e) {
    return { leaf, trust: 'untrusted', reasons: [toEngineError(e).message] };
  }
}
