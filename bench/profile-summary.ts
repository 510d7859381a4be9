// Profiling helper: prints the top self-time functions (with file:line) of a .cpuprofile from node --cpu-prof.
// Usage: npx tsx bench/profile-summary.ts /tmp/prof/xxx.cpuprofile [top] [inclusive]
// With "inclusive", time is total (self + callees) per function, each counted once per sample.
import { readFileSync } from 'node:fs';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

const prof = JSON.parse(readFileSync(process.argv[2], 'utf8')) as CpuProfile;
const top = Number(process.argv[3] ?? 25);
const inclusive = process.argv[4] === 'inclusive';
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n: CpuNode): string => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/work\/main\//, '')}:${f.lineNumber + 1}`;
};
const self = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  total += dt;
  const keys = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = inclusive ? parent.get(n) : undefined) keys.add(keyOf(byId.get(n)!));
  for (const key of keys) self.set(key, (self.get(key) ?? 0) + dt);
});
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [k, us] of rows) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
