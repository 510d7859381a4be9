// `npm start` demo: Chromium with the built extension on a local replica of Gmail (served at https://mail.google.com
// by Playwright interception), or with `--site outlook` of Outlook on the web (at https://outlook.live.com), holding
// the same OpenSSL-made sample mail. The demo CA becomes a user trust anchor and the
// demo identity (password "demo") is imported through the extension's own message API, so no account is needed.
// With --screenshot, it opens each sample and writes one PNG that shows every verdict.
import { chromium as pw } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = resolve(here, '..', 'e2e', 'gmail', 'fixtures');

/** The samples shown in the screenshot, in order, with how much of the thread to show. */
const TILES = [
  ['bank-signed-jp', 230],
  ['tampered', 230],
  ['fake-p7s', 230],
  ['from-mismatch', 230],
  ['expired', 230],
  ['untrusted', 230],
  ['encrypted-signed', 470],
  ['not-for-you', 230],
];

async function setUpKeystore(context, extensionId, openExtensionRpc) {
  const rpc = await openExtensionRpc(context, extensionId);
  const steps = [
    ['add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixturesDir, 'demo-ca.crt'))) }],
    ['import-identity', { file: new Uint8Array(readFileSync(join(fixturesDir, 'demo-identity.p12'))), fileName: 'demo-identity.p12', password: 'demo' }],
  ];
  for (const [op, request] of steps) {
    const r = await rpc.call(op, request);
    if (!r.ok) console.warn(`Demo setup: ${op} failed (${r.error?.code}: ${r.error?.message}); verdicts may differ.`);
  }
  await rpc.page.close();
}

/** What differs between the demo sites: the replica module, how to reach a message, what an inbox row is. */
const SITES = {
  gmail: { name: 'Gmail', module: '../e2e/gmail/replica.ts', install: 'installGmailReplica', row: 'tr.zA', urlOf: (r, key) => r.threadUrl(key), pane: '[role=main]' },
  outlook: { name: 'Outlook on the web', module: '../e2e/outlook/replica.ts', install: 'installOutlookReplica', row: '[data-convid]', urlOf: (r, key) => r.messageUrl(key), pane: '#ReadingPaneContainerId' },
};

async function compositeScreenshot(context, replica, site, waitForVerdicts, file) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  const shots = [];
  await page.goto(replica.inboxUrl);
  await page.waitForSelector(site.row);
  shots.push({ title: 'Inbox', png: await page.screenshot({ clip: { x: 0, y: 0, width: 1100, height: 520 } }) });
  for (const [key, height] of TILES) {
    await page.goto(site.urlOf(replica, key));
    let label = key;
    try {
      const bars = await waitForVerdicts(page, 1, 15_000);
      label = `${key}: ${bars[0].verdict}`;
      if (key.startsWith('encrypted')) {
        const frame = page.frames().find((f) => f.url().includes('/src/viewer/decrypted.html'));
        await frame?.waitForSelector('main[data-state="decrypted"]', { timeout: 10_000 }).catch(() => undefined);
        await page.waitForTimeout(300);
      }
    } catch (e) {
      label = `${key}: no verdict (${e instanceof Error ? e.message.slice(0, 80) : e})`;
    }
    const main = await page.$(site.pane);
    const box = await main.boundingBox();
    shots.push({ title: label, png: await page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: Math.min(height, box.height) } }) });
  }
  const tiles = shots
    .map((s) => `<figure><figcaption>${s.title.replace(/[<&]/g, '')}</figcaption><img src="data:image/png;base64,${s.png.toString('base64')}"></figure>`)
    .join('');
  await page.goto('about:blank');
  await page.setViewportSize({ width: 1760, height: 900 });
  await page.setContent(
    `<style>body{margin:16px;font:14px system-ui,sans-serif;background:#eef1f5}h1{font-size:20px;margin:0 0 12px}
    .grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}figure{margin:0;background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 3px #0002}
    figcaption{font-weight:600;margin-bottom:6px;color:#333}img{width:100%;display:block}</style>
    <h1>S/MIME for Webmail: demo mailbox on a local ${site.name} replica (every verdict)</h1><div class="grid">${tiles}</div>`,
  );
  await page.waitForTimeout(200);
  await page.screenshot({ path: file, fullPage: true });
  await page.close();
}

/** Chromium's UI language decides the extension's (chrome.i18n); `locale` makes the pages' Intl agree. */
export function languageOptions(lang) {
  return lang ? { locale: lang, args: [`--lang=${lang}`] } : { args: [] };
}

export async function runDemo({ dist, chromium, headless, screenshot, site: siteName = 'gmail', lang }) {
  const site = SITES[siteName];
  if (!site) throw new Error(`Unknown demo site "${siteName}": use ${Object.keys(SITES).join(' or ')}`);
  const install = (await tsImport(site.module, import.meta.url))[site.install];
  const { openExtensionRpc } = await tsImport('../e2e/helpers/extension-rpc.ts', import.meta.url);
  const { waitForVerdicts } = await tsImport('../e2e/gmail/status-bars.ts', import.meta.url);
  const userDataDir = mkdtempSync(join(tmpdir(), 'smime-demo-'));
  const language = languageOptions(lang);
  const context = await pw.launchPersistentContext(userDataDir, {
    executablePath: chromium,
    headless,
    viewport: { width: 1280, height: 860 },
    ...(language.locale ? { locale: language.locale } : {}),
    args: [
      ...language.args,
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      ...(headless ? ['--no-sandbox', '--disable-gpu'] : []),
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(worker.url()).host;
    const replica = await install(context, { fixturesDir });
    await setUpKeystore(context, extensionId, openExtensionRpc);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(replica.inboxUrl);
    if (screenshot) {
      await compositeScreenshot(context, replica, site, waitForVerdicts, screenshot);
      console.log(`Screenshot written to ${screenshot}`);
    }
    if (headless) return;
    await page.bringToFront();
    console.log(`Chromium shows the demo mailbox (a local ${site.name} replica; nothing leaves this machine).
Open any message to see its verdict. The demo identity's password is "demo". Close the window to stop.`);
    await new Promise((done) => context.on('close', done));
  } finally {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
