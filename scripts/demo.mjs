// Opens Chromium with the built extension. Later: the demo mailbox (a local Gmail replica).
import { chromium as pw } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function runDemo({ dist, chromium, headless, screenshot }) {
  const context = await pw.launchPersistentContext(mkdtempSync(join(tmpdir(), 'smime-demo-')), {
    executablePath: chromium,
    headless,
    args: [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`, '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(headless ? ['--no-sandbox'] : [])],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`chrome-extension://${id}/src/popup/index.html`);
  if (screenshot) {
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`Screenshot written to ${screenshot}`);
  }
  if (headless) {
    await context.close();
    return;
  }
  console.log('Chromium is open with the extension loaded. Close the window to stop.');
  await new Promise((resolve) => context.on('close', resolve));
}
