// Profiling helper (not part of `npm run bench`): runs one engine op on a message of a given size a few
// times so `node --cpu-prof` can attribute time, then summarise with profile-summary.ts.
// Usage: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-ops.ts <op> [MiB] [runs]
import { OPS, prepareEngine, runEngineOp, type EngineInputs, type OpName } from './engine-ops';
import { makeMessage } from './make-message';
import { createIdentity } from './setup-identity';
import { fmtMs, nowMs } from './stats';

async function main(): Promise<void> {
  const op = (process.argv[2] ?? 'sign') as OpName;
  const mib = Number(process.argv[3] ?? 10);
  const runs = Number(process.argv[4] ?? 5);
  if (!OPS.includes(op)) throw new Error(`unknown op ${op}`);
  const id = createIdentity();
  try {
    const message = makeMessage(Math.round(mib * 1024 * 1024));
    const inp: EngineInputs = { certDer: id.certDer, caDer: id.caDer, keyPkcs8: id.keyPkcs8, message };
    const ctx = await prepareEngine(inp);
    if (op === 'verify') inp.signed = await runEngineOp('sign', inp, ctx);
    if (op === 'decrypt') inp.encrypted = await runEngineOp('encrypt', inp, ctx);
    for (let i = 0; i < runs; i++) {
      const t0 = nowMs();
      await runEngineOp(op, inp, ctx);
      process.stderr.write(`${op} ${mib} MiB run ${i}: ${fmtMs(nowMs() - t0)} ms\n`);
    }
  } finally {
    id.cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
