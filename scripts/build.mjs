// `npm run build`: the extension for Chrome into dist/chrome/ and for Firefox into dist/firefox/, from one source.
// `--browser chrome|firefox` builds only one. Extra arguments after `--` go to vite (e.g. --logLevel warn).
import { spawnSync } from 'node:child_process';

export const BROWSERS = ['chrome', 'firefox'];

export function buildExtension(browser, viteArgs = ['--logLevel', 'warn']) {
  const r = spawnSync('npx', ['vite', 'build', ...viteArgs], { stdio: 'inherit', env: { ...process.env, TARGET_BROWSER: browser } });
  if (r.status !== 0) throw new Error(`vite build for ${browser} failed`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--browser');
  const only = i >= 0 ? args.splice(i, 2)[1] : undefined;
  if (only !== undefined && !BROWSERS.includes(only)) {
    console.error(`--browser must be one of ${BROWSERS.join(', ')}`);
    process.exit(2);
  }
  try {
    for (const b of only ? [only] : BROWSERS) buildExtension(b, args.length ? args : undefined);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
