// Runs mutational fuzzing against one target and judges every input by the engine's promise: a typed result
// or an EngineError, in under 2 s of CPU, with heap growth under 50x the input, and never an internal error
// text (a JavaScript or library message) where a user could read it.
import { EngineError } from '../../src/crypto/errors';
import { mutate, Rng } from './mutators';
import type { FuzzTarget, Seeds } from './targets';

export const MAX_CPU_MS = 2000;
export const MEMORY_FACTOR = 50;
/** Heap noise allowed on top of 50x the input (GC timing, caches warming up, WebCrypto buffers). */
export const MEMORY_SLACK_BYTES = 64 * 1024 * 1024;

/** JavaScript engine and library phrases that must never be what a user reads. */
export const INTERNAL_TEXT =
  /undefined is not|is not iterable|is not a function|Cannot read propert|Cannot set propert|of undefined|of null|Maximum call stack|Invalid array length|Invalid typed array length|RangeError|TypeError|ReferenceError|Object\.<anonymous>|\.ts:\d+|\.js:\d+/;

export type FindingKind = 'crash' | 'internal-text' | 'cpu' | 'memory';

export interface Finding {
  target: string;
  kind: FindingKind;
  detail: string;
  input: Uint8Array;
}

export interface FuzzStats {
  target: string;
  inputs: number;
  seeds: number;
  outcomes: Record<string, number>;
  maxCpuMs: number;
  findings: Finding[];
}

/** Strings a user may read: error texts, reasons and warnings anywhere in a result. */
function readableStrings(v: unknown, out: string[], depth = 0, key = ''): void {
  if (depth > 8 || out.length > 500) return;
  if (typeof v === 'string') {
    if (/reason|message|error|detail|warning|why|text/i.test(key)) out.push(v);
    return;
  }
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) readableStrings(x, out, depth + 1, key);
    return;
  }
  for (const [k, x] of Object.entries(v)) readableStrings(x, out, depth + 1, k);
}

export async function judge(target: FuzzTarget, input: Uint8Array): Promise<{ outcome: string; cpuMs: number; finding?: Omit<Finding, 'target' | 'input'> }> {
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  let outcome: string;
  let finding: Omit<Finding, 'target' | 'input'> | undefined;
  try {
    const result = await target.run(input);
    outcome = 'ok';
    const texts: string[] = [];
    readableStrings(result, texts);
    const bad = texts.find((t) => INTERNAL_TEXT.test(t));
    if (bad) finding = { kind: 'internal-text', detail: `result text: ${bad.slice(0, 300)}` };
  } catch (e) {
    if (e instanceof EngineError) {
      outcome = `error:${e.code}`;
      if (INTERNAL_TEXT.test(e.message)) finding = { kind: 'internal-text', detail: `${e.code}: ${e.message.slice(0, 300)}` };
    } else {
      outcome = 'crash';
      finding = { kind: 'crash', detail: e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e) };
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const grown = process.memoryUsage().heapUsed - heap0;
  if (!finding && cpuMs > MAX_CPU_MS) finding = { kind: 'cpu', detail: `${cpuMs.toFixed(0)} ms CPU for ${input.length} bytes` };
  if (!finding && grown > MEMORY_FACTOR * input.length + MEMORY_SLACK_BYTES) finding = { kind: 'memory', detail: `heap grew ${(grown / 1e6).toFixed(1)} MB for ${input.length} bytes` };
  return { outcome, cpuMs, finding };
}

export interface FuzzOptions {
  iterations: number;
  seed: number;
  /** Stop early after this many milliseconds of wall time (campaigns); unlimited when absent. */
  deadlineMs?: number;
  onFinding?: (f: Finding) => void;
  onProgress?: (s: FuzzStats) => void;
}

export async function fuzz(target: FuzzTarget, seeds: Seeds, opts: FuzzOptions): Promise<FuzzStats> {
  const pool = [...seeds.builtIn, ...seeds.corpus];
  const stats: FuzzStats = { target: target.name, inputs: 0, seeds: pool.length, outcomes: {}, maxCpuMs: 0, findings: [] };
  const rng = new Rng(opts.seed);
  const started = Date.now();
  const record = async (input: Uint8Array): Promise<void> => {
    const r = await judge(target, input);
    stats.inputs++;
    stats.outcomes[r.outcome] = (stats.outcomes[r.outcome] ?? 0) + 1;
    stats.maxCpuMs = Math.max(stats.maxCpuMs, r.cpuMs);
    if (r.finding) {
      const f = { target: target.name, input, ...r.finding };
      stats.findings.push(f);
      opts.onFinding?.(f);
    }
  };
  // Seeds themselves first (they must hold too), then mutants.
  for (const s of pool) {
    if (stats.inputs >= opts.iterations) break;
    await record(s);
  }
  while (stats.inputs < opts.iterations) {
    if (opts.deadlineMs !== undefined && Date.now() - started > opts.deadlineMs) break;
    // Half the mutants start from a built-in seed: they are made for this target (e.g. encrypted to the test key).
    const base = seeds.builtIn.length > 0 && rng.chance(0.5) ? rng.pick(seeds.builtIn) : rng.pick(pool);
    await record(mutate(base, rng, pool, target.kind));
    if (opts.onProgress && stats.inputs % 500 === 0) opts.onProgress(stats);
  }
  return stats;
}
