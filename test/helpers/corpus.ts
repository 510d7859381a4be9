// Locates ../shared/corpus beside the checkout. Suites that need it use
// describe.skipIf(!hasCorpus) and print why, so a missing corpus never looks like a pass.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const corpusDir = process.env.SMIME_CORPUS ?? resolve(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(join(corpusDir, 'README.txt'));

if (!hasCorpus) {
  console.warn(`[corpus] ${corpusDir} is absent: corpus-based suites are skipped.`);
}

export function corpusPath(...parts: string[]): string {
  return join(corpusDir, ...parts);
}

export function readCorpus(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(...parts)));
}
