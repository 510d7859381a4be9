// DoS guards for PKCS#12 import: a hostile file can ask for billions of KDF iterations or thousands of bags.
// One WorkBudget is shared by every key derivation made while reading one file.

import { EngineError } from '../errors';

export const MAX_PFX_BYTES = 10 * 1024 * 1024;
export const MAX_ITERATIONS = 10_000_000;
/** Total KDF iterations per file (MAC + every encrypted bag), so many bags cannot multiply the cost. */
export const MAX_TOTAL_ITERATIONS = 20_000_000;
export const MAX_BAGS = 512;
export const MAX_NESTING = 4;

export class WorkBudget {
  private spent = 0;

  spend(iterations: number, what: string): void {
    if (!Number.isSafeInteger(iterations) || iterations < 1) {
      throw new EngineError('corrupt-file', `invalid iteration count ${iterations} for ${what}`);
    }
    if (iterations > MAX_ITERATIONS) {
      throw new EngineError('too-large', `${what} asks for ${iterations} iterations (limit ${MAX_ITERATIONS})`);
    }
    this.spent += iterations;
    if (this.spent > MAX_TOTAL_ITERATIONS) {
      throw new EngineError('too-large', `the file asks for more than ${MAX_TOTAL_ITERATIONS} key-derivation iterations in total`);
    }
  }
}
