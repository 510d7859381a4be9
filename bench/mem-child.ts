// Runs ONE engine operation in a fresh process and prints how much resident memory it added at its peak:
// the kernel's RSS high-water mark (VmHWM, reset just before the op) minus the RSS just before the op.
// Usage (from bench.ts): node --expose-gc --import tsx bench/mem-child.ts <op> <dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS, prepareEngine, runEngineOp, type EngineInputs, type OpName } from './engine-ops';

function statusKb(field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const [op, dir] = process.argv.slice(2) as [OpName, string];
  if (!OPS.includes(op) || !dir) throw new Error('usage: mem-child.ts <op> <dir>');
  const read = (n: string): Uint8Array => new Uint8Array(readFileSync(join(dir, n)));
  const inp: EngineInputs = {
    certDer: read('leaf.der'),
    caDer: read('ca.der'),
    keyPkcs8: read('leaf.p8'),
    message: read('message.eml'),
    signed: op === 'verify' ? read('engine-signed.eml') : undefined,
    encrypted: op === 'decrypt' ? read('engine-encrypted.eml') : undefined,
  };
  const ctx = await prepareEngine(inp);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const precise = resetHighWaterMark();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const out = await runEngineOp(op, inp, ctx);
  const after = process.memoryUsage();
  const hwm = statusKb('VmHWM');
  const peak = precise && hwm !== undefined ? hwm * 1024 - before.rss : process.resourceUsage().maxRSS * 1024 - Math.min(before.rss, maxRssBefore);
  process.stdout.write(
    JSON.stringify({
      op,
      outBytes: out.length,
      peakRssDelta: peak,
      method: precise ? 'VmHWM reset' : 'maxRSS',
      arrayBuffersDelta: after.arrayBuffers - before.arrayBuffers,
      heapUsedDelta: after.heapUsed - before.heapUsed,
    }) + '\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
