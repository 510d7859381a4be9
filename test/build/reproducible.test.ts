// Reproducible packages: the store zips built from this checkout equal, byte for byte, the zips rebuilt from the
// AMO source archive in another directory (`npm run build-for-amo` for Firefox, the same packager for Chrome),
// with a build-time OAuth client id that ends up in the bundle. Needs the git checkout the archive is made from.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
// @ts-expect-error -- plain ESM script without types
import { packageBrowser, writeSourceArchive } from '../../scripts/package.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const CLIENT_ID = 'reproducible-build-test.apps.googleusercontent.com';
const isCheckout = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root }).status === 0;
const untracked = isCheckout ? execFileSync('git', ['ls-files', '--others', '--exclude-standard', 'src', 'scripts', 'build', 'public'], { cwd: root, encoding: 'utf8' }).trim() : '';
if (!isCheckout) console.warn('reproducible build test skipped: not a git checkout (the AMO source archive is made from tracked files)');
if (untracked) console.warn(`reproducible build test skipped: untracked source files would be missing from the archive:\n${untracked}`);

describe.skipIf(!isCheckout || untracked !== '')('reproducible packages', () => {
  it('rebuilds both store zips identically from the AMO source archive, in another directory', { timeout: 600_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'smime-repro-'));
    try {
      const env = { VITE_GMAIL_OAUTH_CLIENT_ID: CLIENT_ID };
      const first = join(work, 'first');
      mkdirSync(first);
      const chrome = packageBrowser('chrome', { distRoot: join(first, 'dist'), outDir: first, version, env }) as string;
      const firefox = packageBrowser('firefox', { distRoot: join(first, 'dist'), outDir: first, version, env }) as string;
      const source = writeSourceArchive({ outDir: first, version, env }) as string;

      // Unpack the source archive elsewhere, as an AMO reviewer would (node_modules stands in for `npm ci`).
      const tree = join(work, 'source');
      for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(readFileSync(source))))) {
        mkdirSync(dirname(join(tree, name)), { recursive: true });
        writeFileSync(join(tree, name), bytes);
      }
      expect(JSON.parse(readFileSync(join(tree, 'amo-build-env.json'), 'utf8'))).toEqual(env);
      symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
      // A stray VITE_* variable on the rebuilding machine must not change the result.
      const clean = { ...process.env, VITE_GMAIL_OAUTH_CLIENT_ID: '', VITE_SOMETHING_ELSE: 'stray' };
      const run = (args: string[], e: NodeJS.ProcessEnv) => {
        const r = spawnSync('node', args, { cwd: tree, env: e, encoding: 'utf8' });
        expect(r.status, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
      };
      run(['scripts/package.mjs', '--amo', '--out', join(work, 'second')], clean); // = npm run build-for-amo
      run(['scripts/package.mjs', '--browser', 'chrome', '--no-source', '--out', join(work, 'second')], { ...process.env, ...env });

      for (const [mine, name] of [[firefox, `smime-webmail-firefox-${version}.zip`], [chrome, `smime-webmail-chrome-${version}.zip`]]) {
        const again = readFileSync(join(work, 'second', name));
        expect(again.equals(readFileSync(mine)), `${name} differs between the two builds`).toBe(true);
        // The zip is a store package: manifest at the root, and the build-time client id inside the bundle.
        const files = unzipSync(new Uint8Array(again));
        expect(Object.keys(files)).toContain('manifest.json');
        expect(Object.values(files).some((b) => Buffer.from(b).includes(CLIENT_ID))).toBe(true);
      }
      const ffManifest = JSON.parse(Buffer.from(unzipSync(new Uint8Array(readFileSync(firefox)))['manifest.json']).toString('utf8')) as { background: object; version: string };
      expect(ffManifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
      expect(ffManifest.version).toBe(version);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
