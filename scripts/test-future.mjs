// `npm run test:future`: the unit and interop suite again with the clock years ahead (libfaketime), so a test that
// depends on today's date (a fixture certificate expiring, a "now" that crosses a month) fails here, not on the day
// it happens. CI runs it after `npm test`. Ends with "future-date: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from './ensure-tools.mjs';

// After the Thunderbird corpus certificates expire (January 2031), in a month with two digits.
export const FUTURE = process.env.SMIME_FUTURE_DATE ?? '2033-11-15 10:00:00';

ensureTools({ faketime: true });
const reports = mkdtempSync(join(tmpdir(), 'smime-future-'));
const out = join(reports, 'unit.json');
console.log(`=== unit and interop tests at ${FUTURE} (faketime)`);
const r = spawnSync('faketime', [FUTURE, 'npx', 'vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${out}`], {
  stdio: 'inherit',
});
let line = 'future-date: 0 passed, 1 failed, 0 skipped';
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  line = `future-date: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${(j.numPendingTests ?? 0) + (j.numTodoTests ?? 0)} skipped`;
} catch {
  // vitest did not write its report: counted as one failure above
}
rmSync(reports, { recursive: true, force: true });
console.log(`\n${line}`);
process.exit(r.status === 0 ? 0 : r.status ?? 1);
