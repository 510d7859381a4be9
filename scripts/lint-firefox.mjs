// `npm run lint:firefox`: Mozilla's add-on linter (web-ext lint, the checks AMO runs on upload) over dist/firefox/.
// Fails on any error, and on any warning except those known to come from bundled libraries, listed below with why.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const SOURCE = 'dist/firefox';
/** Warning codes accepted, each only for the reason given; anything else fails the lint. */
const ACCEPTED_WARNINGS = {
  // DOMPurify's own parser and Preact's dangerouslySetInnerHTML path (only used with DOMPurify's output).
  UNSAFE_VAR_ASSIGNMENT: /innerHTML/,
};

if (!existsSync(`${SOURCE}/manifest.json`)) {
  console.error(`${SOURCE}/ is missing: run \`npm run build\` first`);
  process.exit(2);
}
const r = spawnSync('npx', ['web-ext', 'lint', '--source-dir', SOURCE, '--output', 'json', '--no-input'], { encoding: 'utf8', maxBuffer: 64 << 20 });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint did not produce a report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
/**
 * zip.js (locked certificate ZIPs) carries an optional loader for external codec modules, `await import(codecURI)`,
 * which runs only if `configure()` is given a codec URI; we never give one. Accepted only while every `import(` in
 * the flagged file sits in that loader (next to its CompressionStream/DecompressionStream check), because a dynamic
 * import of our own would fail in Chrome's service worker.
 */
function onlyZipJsCodecLoader(w) {
  if (!/Unsafe call to import/.test(w.message) || !w.file) return false;
  const code = readFileSync(`${SOURCE}/${w.file}`, 'utf8');
  const at = [...code.matchAll(/\bimport\(/g)].map((m) => m.index);
  return at.length > 0 && at.every((i) => /DecompressionStream/.test(code.slice(Math.max(0, i - 400), i + 100)));
}

const line = (e) => `${e.code} ${e.file ?? ''}${e.line ? `:${e.line}` : ''} ${e.message}`;
const refused = report.warnings.filter((w) => !ACCEPTED_WARNINGS[w.code]?.test(w.message) && !onlyZipJsCodecLoader(w));
for (const e of report.errors) console.error(`error   ${line(e)}`);
for (const w of report.warnings) console.log(`${refused.includes(w) ? 'warning' : 'known  '} ${line(w)}`);
for (const n of report.notices) console.log(`notice  ${line(n)}`);
console.log(`web-ext lint ${SOURCE}: ${report.errors.length} errors, ${report.warnings.length} warnings (${refused.length} not accepted), ${report.notices.length} notices`);
process.exit(report.errors.length > 0 || refused.length > 0 ? 1 : 0);
