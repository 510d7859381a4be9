// A bounded fuzz run of every engine entry point in `npm test` (issue 9): mutants of built-in seeds and, when
// present, corpus files, judged by the promise (typed result or EngineError, CPU, memory, no internal error
// text). Longer campaigns: `npm run fuzz -- --target <name> --iterations <n>` (scripts/fuzz.ts).
import { describe, expect, it } from 'vitest';
import { fuzz } from './fuzz-engine';
import { seedsFor, TARGETS } from './targets';

// Inputs per target in the unit suite; deterministic (fixed seed) so a failure reproduces.
const INPUTS: Record<string, number> = {
  'verify-message': 100,
  'decrypt-message': 60,
  'mime-parse': 300,
  'cms-parse': 250,
  certificate: 250,
  pem: 300,
  'identity-file': 150,
};

describe.each(TARGETS.map((t) => [t.name, t] as const))('fuzz %s', (name, target) => {
  it('holds the promise on every mutant', async () => {
    const seeds = await seedsFor(name);
    if (seeds.corpus.length === 0) console.info(`[fuzz ${name}] corpus absent or empty: built-in seeds only`);
    expect(seeds.builtIn.length).toBeGreaterThan(0);
    const stats = await fuzz(target, seeds, { iterations: INPUTS[name], seed: 0x5eed + name.length });
    const summary = stats.findings.map((f) => `${f.kind}: ${f.detail} (input ${f.input.length} bytes)`);
    expect(summary).toEqual([]);
    expect(stats.inputs).toBe(INPUTS[name]);
  }, 120_000);
});
