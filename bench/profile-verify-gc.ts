// Profiling helper: does a forced full GC before each run change the cost of a small verify? (It does: the
// concurrent sweeping it leaves behind competes with the timed run; a short pause after gc() avoids that.)
// Usage: npx tsx bench/profile-verify-gc.ts
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { prepareEngine, runEngineOp, type EngineInputs } from './engine-ops';
import { makeMessage } from './make-message';
import { createIdentity } from './setup-identity';
import { fmtMs, median, nowMs } from './stats';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function main(): Promise<void> {
  const id = createIdentity();
  try {
    const inp: EngineInputs = { certDer: id.certDer, caDer: id.caDer, keyPkcs8: id.keyPkcs8, message: makeMessage(10 * 1024) };
    const ctx = await prepareEngine(inp);
    inp.signed = await runEngineOp('sign', inp, ctx);
    for (const mode of ['none', 'gc', 'gc+pause', 'none', 'gc', 'gc+pause'] as const) {
      const ts: number[] = [];
      for (let i = 0; i < 15; i++) {
        if (mode !== 'none') gc();
        if (mode === 'gc+pause') await new Promise((r) => setTimeout(r, 25));
        const t0 = nowMs();
        await runEngineOp('verify', inp, ctx);
        ts.push(nowMs() - t0);
      }
      console.log(`verify 10 KB, before each run: ${mode.padEnd(8)}: median ${fmtMs(median(ts))} ms, min ${fmtMs(Math.min(...ts))} ms`);
    }
  } finally {
    id.cleanup();
  }
}

void main();
