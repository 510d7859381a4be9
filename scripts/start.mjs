// `npm start`: build the extension into dist/chrome/ (or dist/firefox/ with `--browser firefox`), then open the
// browser with it loaded on the demo mailbox where a display exists; otherwise print how to load it by hand.
// `--headless --screenshot FILE.png` runs without a display; `--site outlook` shows the Outlook on the web replica;
// `--lang ja` shows the extension in Japanese (the browser's UI language, which the extension follows).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildExtension } from './build.mjs';

const args = process.argv.slice(2);
const headless = args.includes('--headless');
const shotIndex = args.indexOf('--screenshot');
const screenshot = shotIndex >= 0 ? args[shotIndex + 1] : undefined;
const browserIndex = args.indexOf('--browser');
const browser = browserIndex >= 0 ? args[browserIndex + 1] : 'chrome';
const siteIndex = args.indexOf('--site');
const site = siteIndex >= 0 ? args[siteIndex + 1] : 'gmail';
const langIndex = args.indexOf('--lang');
const lang = langIndex >= 0 ? args[langIndex + 1] : undefined;
if (lang !== undefined && !/^(en|ja)(-[A-Za-z]{2})?$/.test(lang)) {
  console.error('--lang must be en or ja');
  process.exit(2);
}
if (site !== 'gmail' && site !== 'outlook') {
  console.error('--site must be gmail or outlook');
  process.exit(2);
}
if (browser !== 'chrome' && browser !== 'firefox') {
  console.error('--browser must be chrome or firefox');
  process.exit(2);
}

console.log(`Building the extension into dist/${browser}/ ...`);
try {
  buildExtension(browser);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const dist = resolve('dist', browser);

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const HOW_TO_LOAD = {
  chrome: `  1. Open chrome://extensions in Chromium, Chrome or Edge.
  2. Turn on "Developer mode".
  3. Click "Load unpacked" and choose ${dist}`,
  firefox: `  1. Open about:debugging#/runtime/this-firefox in Firefox (128 or newer; Debian: firefox-esr).
  2. Click "Load Temporary Add-on…" and choose ${resolve(dist, 'manifest.json')}`,
};
const BINARY = {
  chrome: { path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pkg: 'chromium', env: 'CHROMIUM_PATH' },
  firefox: { path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', pkg: 'firefox-esr', env: 'FIREFOX_PATH' },
};
if (!headless && !hasDisplay) {
  console.log(`
Built: ${dist}
No display here, so no browser was opened. To load the extension by hand:
${HOW_TO_LOAD[browser]}
Or run without a display: npm start -- --browser ${browser} --headless --screenshot demo.png`);
  process.exit(0);
}
const bin = BINARY[browser];
if (!existsSync(bin.path)) {
  console.error(`The browser is not at ${bin.path}. Install it (sudo apt-get install ${bin.pkg}) or set ${bin.env}.`);
  process.exit(2);
}
if (browser === 'firefox') {
  const { runFirefoxDemo } = await import('./demo-firefox.mjs');
  await runFirefoxDemo({ firefox: bin.path, headless, screenshot });
} else {
  const { runDemo } = await import('./demo.mjs');
  await runDemo({ dist, chromium: bin.path, headless, screenshot, site, lang });
}
