// `npm run package`: store-ready zips, reproducibly. Builds both browsers and writes to release/:
//   smime-webmail-chrome-<version>.zip          for the Chrome Web Store
//   smime-webmail-firefox-<version>.zip         for addons.mozilla.org (AMO)
//   smime-webmail-firefox-<version>-source.zip  the source AMO asks for: the tracked files, plus
//                                               AMO-BUILD.md and amo-build-env.json; `npm ci && npm run build-for-amo`
//                                               inside it rebuilds the Firefox zip byte for byte.
// Zips are deterministic: sorted entries, a fixed timestamp, fixed compression, no extra fields. A build-time OAuth
// client id comes from VITE_GMAIL_OAUTH_CLIENT_ID, as for `npm run build`, and is recorded for the AMO rebuild.
// Options: --browser chrome|firefox (one only), --out DIR (default release/), --no-source.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Local-time fields, so the DOS timestamp fflate writes is the same in every time zone. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
export const AMO_ENV_FILE = 'amo-build-env.json';
/**
 * The build-time settings a packager may give (README). Vite inlines every VITE_* variable of the environment into
 * the bundle, so packaging passes only these, and only when set: a stray VITE_* variable on the packager's machine
 * would otherwise change the zip.
 */
export const BUILD_SETTINGS = ['VITE_GMAIL_OAUTH_CLIENT_ID', 'VITE_MS_OAUTH_CLIENT_ID', 'VITE_DOCS_URL'];

function viteEnv(settings) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITE_')));
  env.NODE_ENV = 'production'; // a test runner's NODE_ENV=test would change what Vite emits
  for (const k of BUILD_SETTINGS) if (settings[k]) env[k] = settings[k];
  return env;
}

function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.map((p) => relative(dir, p).split(sep).join('/')).sort();
}

/** A deterministic zip of `files` (paths relative to `base`, '/'-separated). */
export function deterministicZip(base, files) {
  const entries = {};
  for (const f of [...files].sort()) entries[f] = [new Uint8Array(readFileSync(join(base, f))), { mtime: FIXED_TIME, level: 9, os: 3, attrs: 0o100644 << 16 }];
  return zipSync(entries, { mtime: FIXED_TIME, level: 9 });
}

export function buildInto(distRoot, browser, env = {}) {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...viteEnv(env), TARGET_BROWSER: browser, SMIME_DIST_ROOT: distRoot },
  });
  if (r.status !== 0) throw new Error(`vite build for ${browser} failed`);
  return join(distRoot, browser);
}

export function packageBrowser(browser, { distRoot, outDir, version, env = {} }) {
  const dir = buildInto(distRoot, browser, env);
  const file = join(outDir, `smime-webmail-${browser}-${version}.zip`);
  writeFileSync(file, deterministicZip(dir, filesUnder(dir)));
  return file;
}

function trackedFiles() {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) return null;
  return r.stdout.split('\0').filter((f) => f && existsSync(join(root, f)));
}

const AMO_BUILD_MD = (version, hasSettings) => `# Building smime-webmail-firefox-${version}.zip from this source

Tools: Node.js 20 or newer with npm (Linux, macOS or Windows). Nothing is downloaded but npm packages, pinned by
package-lock.json.

    npm ci
    npm run build-for-amo

This writes release/smime-webmail-firefox-${version}.zip, identical byte for byte to the uploaded add-on.
The build is Vite (with @crxjs/vite-plugin) over the TypeScript in src/; build/browser-manifest.ts derives the
Firefox manifest from manifest.json. ${AMO_ENV_FILE} holds the build settings used for the upload
(${hasSettings ? 'OAuth client ids, which are public: they identify the app, they are not secrets' : 'none were given'}).
`;

export function writeSourceArchive({ outDir, version, env }) {
  const files = trackedFiles();
  if (!files) throw new Error('the AMO source archive needs a git checkout (it contains the tracked files)');
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  if (dirty) console.warn(`[package] uncommitted changes are included in the source archive:\n${dirty}`);
  const entries = {};
  const meta = { mtime: FIXED_TIME, level: 9, os: 3, attrs: 0o100644 << 16 };
  for (const f of files.sort()) entries[f] = [new Uint8Array(readFileSync(join(root, f))), meta];
  const settings = Object.fromEntries(BUILD_SETTINGS.filter((k) => env[k]).map((k) => [k, env[k]]));
  entries[AMO_ENV_FILE] = [new TextEncoder().encode(`${JSON.stringify(settings, null, 2)}\n`), meta];
  entries['AMO-BUILD.md'] = [new TextEncoder().encode(AMO_BUILD_MD(version, Object.keys(settings).length > 0)), meta];
  const file = join(outDir, `smime-webmail-firefox-${version}-source.zip`);
  writeFileSync(file, zipSync(entries, { mtime: FIXED_TIME, level: 9 }));
  return file;
}

/** The build settings: from amo-build-env.json when rebuilding from the AMO source archive, else the environment. */
export function buildEnv({ fromAmoFile = false } = {}) {
  if (fromAmoFile) return JSON.parse(readFileSync(join(root, AMO_ENV_FILE), 'utf8'));
  return Object.fromEntries(BUILD_SETTINGS.map((k) => [k, process.env[k]?.trim()]).filter(([, v]) => v));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const amo = args.includes('--amo');
  const browsers = amo ? ['firefox'] : opt('--browser') ? [opt('--browser')] : ['chrome', 'firefox'];
  if (browsers.some((b) => b !== 'chrome' && b !== 'firefox')) {
    console.error('--browser must be chrome or firefox');
    process.exit(2);
  }
  const outDir = resolve(opt('--out') ?? join(root, 'release'));
  mkdirSync(outDir, { recursive: true });
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const env = buildEnv({ fromAmoFile: amo });
  try {
    for (const browser of browsers) console.log(`[package] ${packageBrowser(browser, { distRoot: join(root, 'dist'), outDir, version, env })}`);
    if (!amo && browsers.includes('firefox') && !args.includes('--no-source')) console.log(`[package] ${writeSourceArchive({ outDir, version, env })}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
