// Longer fuzz campaigns by hand: npm run fuzz -- [--target <name>|all] [--iterations N] [--minutes M] [--seed S]
// Same targets, mutators and judgement as the bounded run in npm test (test/fuzz/). Each finding's input is
// written to fuzz-findings/<target>-<kind>-<n>.bin; the run ends with inputs per target and exits 1 on findings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzz, type Finding } from '../test/fuzz/fuzz-engine';
import { seedsFor, TARGETS } from '../test/fuzz/targets';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const which = arg('target', 'all');
const iterations = Number(arg('iterations', '5000'));
const minutes = Number(arg('minutes', '0'));
const seed = Number(arg('seed', String(Date.now() % 0x7fffffff)));
const outDir = arg('out', 'fuzz-findings');
const targets = which === 'all' ? TARGETS : TARGETS.filter((t) => t.name === which);
if (targets.length === 0) {
  console.error(`unknown target "${which}"; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

let saved = 0;
function save(f: Finding): void {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${f.target}-${f.kind}-${++saved}.bin`);
  writeFileSync(file, f.input);
  console.log(`FINDING ${f.target} ${f.kind}: ${f.detail.split('\n')[0]} -> ${file}`);
}

console.log(`fuzz: seed ${seed}, ${iterations} inputs per target${minutes ? `, at most ${minutes} min per target` : ''}`);
const rows: string[] = [];
let total = 0;
for (const t of targets) {
  const seeds = await seedsFor(t.name);
  if (seeds.corpus.length === 0) console.log(`[${t.name}] corpus absent or empty: built-in seeds only`);
  const stats = await fuzz(t, seeds, {
    iterations,
    seed,
    deadlineMs: minutes ? minutes * 60_000 : undefined,
    onFinding: save,
    onProgress: (s) => console.log(`[${t.name}] ${s.inputs} inputs, ${s.findings.length} findings, max CPU ${s.maxCpuMs.toFixed(0)} ms`),
  });
  total += stats.findings.length;
  const outcomes = Object.entries(stats.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  rows.push(`${t.name.padEnd(16)} ${String(stats.inputs).padStart(8)} inputs  ${String(stats.seeds).padStart(4)} seeds  max CPU ${stats.maxCpuMs.toFixed(0).padStart(5)} ms  findings ${stats.findings.length}  (${outcomes})`);
}
console.log(`\n${rows.join('\n')}`);
process.exit(total > 0 ? 1 : 0);
