// `npm start`: build the extension into dist/, then open Chromium with it loaded where a display exists;
// otherwise print how to load dist/ by hand. `--headless --screenshot FILE.png` runs without a display.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const headless = args.includes('--headless');
const shotIndex = args.indexOf('--screenshot');
const screenshot = shotIndex >= 0 ? args[shotIndex + 1] : undefined;

console.log('Building the extension into dist/ ...');
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const dist = resolve('dist');

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!headless && !hasDisplay) {
  console.log(`
Built: ${dist}
No display here, so no browser was opened. To load the extension by hand:
  1. Open chrome://extensions in Chromium, Chrome or Edge.
  2. Turn on "Developer mode".
  3. Click "Load unpacked" and choose ${dist}
Or run without a display: npm start -- --headless --screenshot demo.png`);
  process.exit(0);
}
if (!existsSync(chromium)) {
  console.error(`Chromium is not at ${chromium}. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(2);
}
const { runDemo } = await import('./demo.mjs');
await runDemo({ dist, chromium, headless, screenshot });
