// Every regular expression that runs on attacker text stays linear (issue 9, item 11). No clock: V8 counts the
// backtracks of each match attempt and, past a budget, hands the execution to its linear engine and says so
// (--trace-experimental-regexp-engine). The hostile scenarios run in a child Node twice:
// - with a small constant budget per attempt: an unanchored expression that goes over it rescans long runs
//   from many starting points (the quadratic shape). Only expressions anchored at the start, which make a
//   single attempt per call, may go over it;
// - with a budget of 4 backtracks per input character: nothing may go over it, anchored or not.
// So each call costs at most a constant per starting position, and doubling the input at most doubles the work.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const N = 40_000;
const CONSTANT_BUDGET = 1000;
const SCENARIOS = new URL('./regex-scenarios.ts', import.meta.url).pathname;

interface OverBudget {
  scenario: string;
  source: string;
}

function run(budget: number): { over: OverBudget[]; scenarios: string[] } {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--enable-experimental-regexp-engine-on-excessive-backtracks',
      `--regexp-backtracks-before-fallback=${budget}`,
      '--trace-experimental-regexp-engine',
      SCENARIOS,
      String(N),
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(r.status, r.stderr).toBe(0);
  const over: OverBudget[] = [];
  const scenarios: string[] = [];
  let scenario = '';
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('## ')) {
      scenario = line.slice(3);
      scenarios.push(scenario);
      continue;
    }
    // Experimental execution (oneshot) of regexp 0x… <String[n]: #source>   (backslashes doubled)
    const m = /^Experimental execution .* <String\[\d+\]: #(.*)>$/.exec(line);
    if (m) over.push({ scenario, source: m[1].replace(/\\\\/g, '\\') });
  }
  return { over, scenarios };
}

/** Anchored at the start with no top-level alternative: V8 makes one attempt per call. */
export function anchoredSingleAttempt(source: string): boolean {
  if (!source.startsWith('^')) return false;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return true;
}

describe('regular expressions on attacker text', () => {
  it('the anchoring check tells single-attempt expressions apart', () => {
    expect(anchoredSingleAttempt('^(?:"(?:[^"\\\\]|\\\\.)*"|[^@]+)@x$')).toBe(true);
    expect(anchoredSingleAttempt('^[ \\t]+|[ \\t\\r\\n]+$')).toBe(false);
    expect(anchoredSingleAttempt('[ \\t]+$')).toBe(false);
    expect(anchoredSingleAttempt('^[|]+\\|x$')).toBe(true);
  });

  it('no unanchored expression spends more than a constant per starting position', () => {
    const { over, scenarios } = run(CONSTANT_BUDGET);
    expect(scenarios.at(-1)).toBe('end');
    expect(scenarios.length).toBeGreaterThan(10);
    expect(over.filter((o) => !anchoredSingleAttempt(o.source))).toEqual([]);
  }, 120_000);

  it('no expression spends more than 4 backtracks per input character in one call', () => {
    expect(run(4 * N).over).toEqual([]);
  }, 120_000);
});
