// DoS guards for PKCS#12 import: a hostile file can ask for billions of KDF iterations or thousands of bags.
// One WorkBudget is shared by every key derivation made while importing one file, and by every entry of a ZIP.

import { EngineError } from '../errors';
import type { ShaName } from '../hash/sync-sha';

export const MAX_PFX_BYTES = 10 * 1024 * 1024;
export const MAX_ITERATIONS = 10_000_000;
export const MAX_BAGS = 512;
export const MAX_NESTING = 4;

/**
 * Cost of one iteration in units of one SHA-1 round of the engine's synchronous PKCS#12 KDF (measured ratios
 * of sync-sha). PBKDF2 runs natively in WebCrypto, off the JavaScript thread, at a fraction of that.
 */
export const ITERATION_COST: Record<ShaName | 'PBKDF2', number> = {
  'SHA-1': 1,
  'SHA-224': 2,
  'SHA-256': 2,
  'SHA-384': 5,
  'SHA-512': 5,
  PBKDF2: 0.125,
};

/**
 * Work allowed for one import. Real files use 2,000 to 600,000 iterations: a legacy OpenSSL file at 600,000
 * (SHA-1 MAC, 3DES key bag, RC2 certificate bag: five derivations) costs 3 million units; a ZIP with several
 * such files, or a file asking for more, is refused rather than freezing the worker for minutes.
 */
export const MAX_IMPORT_WORK = 6_000_000;

export class WorkBudget {
  private spent = 0;

  /** Charges `iterations` of a derivation with the given cost per iteration, before any of it is done. */
  spend(iterations: number, what: string, cost: number = ITERATION_COST['SHA-1']): void {
    if (!Number.isSafeInteger(iterations) || iterations < 1) {
      throw new EngineError('corrupt-file', `invalid iteration count ${iterations} for ${what}`);
    }
    if (iterations > MAX_ITERATIONS) {
      throw new EngineError('too-large', `${what} asks for ${iterations} iterations (limit ${MAX_ITERATIONS})`);
    }
    this.spent += iterations * cost;
    if (this.spent > MAX_IMPORT_WORK) {
      throw new EngineError('too-much-work', `the file asks for more password-derivation work than ${MAX_IMPORT_WORK} SHA-1 rounds in total`);
    }
  }
}
