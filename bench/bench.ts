// `npm run bench`: sign / verify / encrypt / decrypt with an RSA-2048 identity at 10 KB, 1 MB and 10 MB,
// engine (in process, Node's WebCrypto) against `openssl cms` (whole process) on the same files.
// Prints a time table, the engine's peak memory, and last the line "max ratio vs openssl: X.XX" (10 MB).
// Then the building-block table of primitives.ts. Env: BENCH_RUNS=n overrides the run count per size;
// BENCH_NO_MEM=1 skips the memory children; BENCH_NO_PRIMITIVES=1 skips the building blocks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { checkEngineOutput, OPS, prepareEngine, runEngineOp, type EngineInputs, type OpName } from './engine-ops';
import { makeMessage } from './make-message';
import { checkOpensslOutput, opensslPeakRss, runOpensslOp, type OpensslFiles } from './openssl-ops';
import { formatPrimitives, runPrimitives } from './primitives';
import { createIdentity, type BenchIdentity } from './setup-identity';
import { fmtMiB, fmtMs, median, nowMs } from './stats';

interface SizeSpec {
  label: string;
  bytes: number;
  runs: number;
}

const RUNS_OVERRIDE = Number(process.env.BENCH_RUNS) || 0;
const SIZES: SizeSpec[] = [
  { label: '10 KB', bytes: 10 * 1024, runs: 9 },
  { label: '1 MB', bytes: 1024 * 1024, runs: 7 },
  { label: '10 MB', bytes: 10 * 1024 * 1024, runs: 5 },
].map((s) => ({ ...s, runs: RUNS_OVERRIDE || s.runs }));

interface Row {
  op: OpName;
  size: SizeSpec;
  engineMs: number;
  opensslMs: number;
  engineMem?: { peakRssDelta: number; method: string };
  opensslRss?: number;
}

async function benchSize(id: BenchIdentity, size: SizeSpec): Promise<Row[]> {
  const dir = join(id.dir, size.label.replace(' ', ''));
  mkdirSync(dir);
  const message = makeMessage(size.bytes);
  const inp: EngineInputs = { certDer: id.certDer, caDer: id.caDer, keyPkcs8: id.keyPkcs8, message };
  const ctx = await prepareEngine(inp);
  const files: OpensslFiles = {
    message: join(dir, 'message.eml'),
    engineSigned: join(dir, 'engine-signed.eml'),
    engineEncrypted: join(dir, 'engine-encrypted.eml'),
    expectedContent: join(dir, 'expected-content.bin'),
    workDir: dir,
  };
  writeFileSync(files.message, message);
  writeFileSync(files.expectedContent, ctx.expectedContent);
  for (const [n, b] of [['leaf.der', id.certDer], ['ca.der', id.caDer], ['leaf.p8', id.keyPkcs8]] as const) writeFileSync(join(dir, n), b);

  const rows: Row[] = [];
  for (const op of OPS) {
    // Warm-up: one engine run (JIT, key caches) and one openssl run (page cache); both outputs checked.
    let out = await runEngineOp(op, inp, ctx);
    checkEngineOutput(op, out, ctx);
    if (op === 'sign') {
      inp.signed = out;
      writeFileSync(files.engineSigned, out);
    } else if (op === 'encrypt') {
      inp.encrypted = out;
      writeFileSync(files.engineEncrypted, out);
    }
    const warm = runOpensslOp(op, id, files);
    checkOpensslOutput(op, id, files, warm.out);
    // Timed runs alternate engine and openssl, so both see the same background load on a shared machine.
    // No forced gc() between runs: it leaves concurrent sweeping and flushed code behind that made a 10 KB
    // verify 2-5x slower (bench/profile-verify-gc.ts); steady-state GC is part of what a user would see.
    const engineTimes: number[] = [];
    const opensslTimes: number[] = [];
    for (let i = 0; i < size.runs; i++) {
      const t0 = nowMs();
      out = await runEngineOp(op, inp, ctx);
      engineTimes.push(nowMs() - t0);
      checkEngineOutput(op, out, ctx);
      opensslTimes.push(runOpensslOp(op, id, files).ms);
    }
    rows.push({ op, size, engineMs: median(engineTimes), opensslMs: median(opensslTimes) });
    process.stderr.write(`  ${size.label} ${op}: engine ${fmtMs(median(engineTimes))} ms, openssl ${fmtMs(median(opensslTimes))} ms\n`);
  }
  if (!process.env.BENCH_NO_MEM) {
    for (const row of rows) {
      row.engineMem = engineMemory(row.op, dir);
      row.opensslRss = opensslPeakRss(row.op, id, files);
    }
  }
  return rows;
}

/** Peak memory of one engine op in a fresh child process (see mem-child.ts for what is measured). */
function engineMemory(op: OpName, dir: string): { peakRssDelta: number; method: string } | undefined {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'mem-child.ts'), op, dir], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
    // A fixed mmap threshold: glibc otherwise raises it after the first large free, and the freed (still
    // resident) pages of input preparation silently serve the operation's buffers, hiding them from VmHWM.
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' },
  });
  if (r.status !== 0) {
    process.stderr.write(`  memory child for ${op} failed: ${r.stderr}\n`);
    return undefined;
  }
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { peakRssDelta: number; method: string };
  return { peakRssDelta: j.peakRssDelta, method: j.method };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function printTables(rows: Row[], opensslVersion: string, load: string, primitives: string[]): void {
  const out: string[] = [];
  out.push('');
  out.push(`S/MIME engine (Node ${process.versions.node} WebCrypto) vs ${opensslVersion} (RSA-2048, SHA-256, AES-256-CBC; median of N runs)`);
  out.push(`${cpus().length} CPUs; load average before/after: ${load} (a busy machine inflates both sides unevenly)`);
  out.push('');
  out.push(`${pad('operation', 10)}${pad('size', 7)}${pad('runs', 6, true)}${pad('engine ms', 12, true)}${pad('openssl ms', 12, true)}${pad('ratio', 8, true)}`);
  for (const r of rows) {
    out.push(
      `${pad(r.op, 10)}${pad(r.size.label, 7)}${pad(String(r.size.runs), 6, true)}${pad(fmtMs(r.engineMs), 12, true)}${pad(fmtMs(r.opensslMs), 12, true)}${pad((r.engineMs / r.opensslMs).toFixed(2), 8, true)}`,
    );
  }
  if (rows.some((r) => r.engineMem)) {
    out.push('');
    out.push('Peak memory of one operation (MiB). engine: RSS high-water mark added by the op in a fresh Node process');
    out.push('(input already loaded; counts heap, buffers, uncollected garbage). openssl: whole-process max RSS.');
    out.push('');
    out.push(`${pad('operation', 10)}${pad('size', 7)}${pad('engine +RSS', 13, true)}${pad('x msg', 8, true)}${pad('openssl RSS', 13, true)}`);
    for (const r of rows) {
      const e = r.engineMem;
      out.push(
        `${pad(r.op, 10)}${pad(r.size.label, 7)}${pad(e ? fmtMiB(e.peakRssDelta) : 'n/a', 13, true)}${pad(e ? (e.peakRssDelta / r.size.bytes).toFixed(1) : 'n/a', 8, true)}${pad(r.opensslRss ? fmtMiB(r.opensslRss) : 'n/a', 13, true)}`,
      );
    }
  }
  if (primitives.length > 0) out.push('', ...primitives);
  const big = rows.filter((r) => r.size.bytes === Math.max(...rows.map((x) => x.size.bytes)));
  const maxRatio = Math.max(...big.map((r) => r.engineMs / r.opensslMs));
  out.push('');
  out.push(`max ratio vs openssl: ${maxRatio.toFixed(2)}`);
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<void> {
  const started = nowMs();
  const loadBefore = loadavg()[0].toFixed(1);
  const version = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim().split(' (')[0];
  const id = createIdentity();
  try {
    const rows: Row[] = [];
    for (const size of SIZES) rows.push(...(await benchSize(id, size)));
    const loadAfter = loadavg()[0].toFixed(1);
    // Building blocks last, so their allocations cannot disturb the main table.
    const primitives = process.env.BENCH_NO_PRIMITIVES ? [] : formatPrimitives(await runPrimitives(id, RUNS_OVERRIDE || 5));
    process.stderr.write(`  bench took ${((nowMs() - started) / 1000).toFixed(1)} s\n`);
    printTables(rows, version, `${loadBefore}/${loadAfter}`, primitives);
  } finally {
    id.cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
