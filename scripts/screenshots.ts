// `npm run screenshots`: regenerates docs/screenshots/ — the import flow (first-run guide, the form, the result),
// the Details panel under a Gmail message, and the toolbar popup with the open message's verdict — in Japanese and
// English, from the built extension in Debian's Chromium on the local Gmail replica (nothing leaves the machine).
// It checks that each page really is in the language asked for (<html lang>), so a screenshot cannot silently
// show the wrong UI. Needs dist/chrome/ (it builds it first) and the CJK font scripts/ensure-tools.mjs installs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, repoRoot, type ExtensionSession } from '../e2e/helpers/extension';
import { openExtensionRpc } from '../e2e/helpers/extension-rpc';
import { importViaUi, openOptions, POPUP } from '../e2e/helpers/extension-ui';
import { installGmailReplica, type Replica } from '../e2e/gmail/replica';
import { waitForVerdicts } from '../e2e/gmail/status-bars';
// @ts-expect-error -- plain ESM script without types
import { buildExtension } from './build.mjs';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from './gen-demo-fixtures.mjs';

const out = resolve(repoRoot, 'docs', 'screenshots');

async function expectLanguage(page: Page, lang: string, what: string): Promise<void> {
  const got = await page.evaluate(() => document.documentElement.lang);
  if (!got.startsWith(lang)) throw new Error(`${what} is in "${got}", not "${lang}"`);
}

async function importFlow(s: ExtensionSession, lang: string, fixtures: string): Promise<void> {
  const page = await openOptions(s);
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.locator('[data-test="first-run-guide"]').waitFor();
  await expectLanguage(page, lang, 'the options page');
  await page.screenshot({ path: join(out, `import-1-first-run-${lang}.png`) });
  const file = { name: 'demo-identity.p12', mimeType: 'application/x-pkcs12', bytes: new Uint8Array(readFileSync(join(fixtures, 'demo-identity.p12'))) };
  const wrong = await importViaUi(page, file, 'not-the-password');
  if (wrong.kind !== 'error') throw new Error(`a wrong password was not refused: ${wrong.text}`);
  await page.locator('#import').screenshot({ path: join(out, `import-2-wrong-password-${lang}.png`) });
  const ok = await importViaUi(page, file, 'demo');
  if (ok.kind !== 'imported') throw new Error(`the demo identity was not imported: ${ok.text}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `import-3-imported-${lang}.png`), fullPage: true });
  await page.close();
}

async function openThread(s: ExtensionSession, r: Replica, key: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.setViewportSize({ width: 1100, height: 1200 });
  await page.goto(r.threadUrl(key));
  await waitForVerdicts(page, 1, 30_000);
  return page;
}

async function details(s: ExtensionSession, r: Replica, lang: string, key: string, name: string): Promise<Page> {
  const page = await openThread(s, r, key);
  await page.click('[data-smime-webmail="status"]');
  const frame = await (async () => {
    for (let i = 0; i < 100; i++) {
      const f = page.frames().find((x) => x.url().includes('/src/viewer/details.html'));
      if (f) return f;
      await page.waitForTimeout(100);
    }
    throw new Error('no details frame');
  })();
  await frame.waitForSelector('main[data-state="ready"]');
  const frameLang = await frame.evaluate(() => document.documentElement.lang);
  if (!frameLang.startsWith(lang)) throw new Error(`Details is in "${frameLang}", not "${lang}"`);
  // Show the technical part too in one of them, as someone curious would.
  if (name === 'details-signed') await frame.click('details.technical > summary');
  await page.waitForTimeout(400);
  const main = await page.$('[role=main]');
  const box = (await main!.boundingBox())!;
  await page.screenshot({ path: join(out, `${name}-${lang}.png`), clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 1150) } });
  return page;
}

async function popup(s: ExtensionSession, gmail: Page, lang: string, name: string): Promise<void> {
  await gmail.bringToFront();
  // Without the "tabs" permission tab URLs are hidden: the Gmail tab is the one just brought to the front.
  const tabId = await s.worker.evaluate(async () => (await chrome.tabs.query({ active: true }))[0]?.id);
  if (tabId === undefined) throw new Error('no active Gmail tab');
  const page = await s.context.newPage();
  // The popup asks for the active tab; opened as a page it would be its own tab, so point it at the Gmail tab.
  await page.addInitScript((id) => {
    const query = chrome.tabs.query.bind(chrome.tabs);
    (chrome.tabs as { query: unknown }).query = async (q: chrome.tabs.QueryInfo) => (q.active ? [{ id, active: true }] : query(q));
  }, tabId);
  await page.setViewportSize({ width: 372, height: 520 });
  await page.goto(s.extensionUrl(POPUP));
  await page.locator('[data-test="popup-verdict"]').waitFor({ timeout: 15_000 });
  await expectLanguage(page, lang, 'the popup');
  await page.screenshot({ path: join(out, `${name}-${lang}.png`), fullPage: true });
  if (await page.locator('#popup-details').count()) {
    await page.click('#popup-details');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(out, `${name}-details-${lang}.png`), fullPage: true });
  }
  await page.close();
}

async function run(lang: 'ja' | 'en', fixtures: string): Promise<void> {
  const s = await launchWithExtension({ locale: lang });
  try {
    const r = await installGmailReplica(s.context, { fixturesDir: fixtures });
    await importFlow(s, lang, fixtures);
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    const added = await rpc.call('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    if (!added.ok) throw new Error(`demo CA not added: ${JSON.stringify(added.error)}`);
    await rpc.page.close();
    const signed = await details(s, r, lang, 'bank-signed-jp', 'details-signed');
    await popup(s, signed, lang, 'popup-signed');
    await signed.close();
    const tampered = await details(s, r, lang, 'untrusted', 'details-untrusted');
    await popup(s, tampered, lang, 'popup-untrusted');
    await tampered.close();
  } finally {
    await s.close();
  }
}

const fixtures = mkdtempSync(join(tmpdir(), 'smime-screens-'));
try {
  console.log('Building the extension into dist/chrome/ ...');
  buildExtension('chrome');
  generateDemoFixtures(fixtures);
  mkdirSync(out, { recursive: true });
  for (const lang of ['ja', 'en'] as const) {
    await run(lang, fixtures);
    console.log(`Screenshots (${lang}) written to ${out}`);
  }
} finally {
  rmSync(fixtures, { recursive: true, force: true });
}
