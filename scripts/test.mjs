// `npm test`: every test. Type-check, unit and interop tests (vitest), build the extension for both browsers,
// then e2e in Chromium and Firefox.
// Ends with one summary line, "tests: N passed, N failed, N skipped", over both vitest runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from './ensure-tools.mjs';

ensureTools();

const reports = mkdtempSync(join(tmpdir(), 'smime-test-reports-'));
const json = (name) => ['--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, name)}`];

const steps = [
  ['type-check', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['unit and interop tests', 'npx', ['vitest', 'run', ...json('unit.json')]],
  ['build the extension for Chrome and Firefox', 'node', ['scripts/build.mjs']],
  ['lint the Firefox build with web-ext (AMO rules)', 'node', ['scripts/lint-firefox.mjs']],
  ['end-to-end tests', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...json('e2e.json')]],
];

function summary() {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const name of ['unit.json', 'e2e.json']) {
    try {
      const r = JSON.parse(readFileSync(join(reports, name), 'utf8'));
      total.passed += r.numPassedTests ?? 0;
      total.failed += r.numFailedTests ?? 0;
      total.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    } catch {
      // that step did not run
    }
  }
  return `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
}

let status = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    status = r.status ?? 1;
    break;
  }
}
console.log(`\n${summary()}`);
rmSync(reports, { recursive: true, force: true });
process.exit(status);
