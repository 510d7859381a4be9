// `npm start -- --browser firefox`: Firefox ESR with the Firefox build on the same local Gmail replica and demo
// mailbox as the Chromium demo (scripts/demo.mjs), through the e2e suite's Firefox launcher (WebDriver BiDi, a local
// proxy answering for mail.google.com). The demo CA and identity (password "demo") go in through the message API.
// With --screenshot, it opens a few samples and writes one PNG of them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = resolve(here, '..', 'e2e', 'gmail', 'fixtures');
const SAMPLES = ['bank-signed-jp', 'tampered', 'fake-p7s', 'encrypted-signed'];

export async function runFirefoxDemo({ firefox, headless, screenshot }) {
  process.env.FIREFOX_PATH = firefox;
  const { launchFirefox } = await tsImport('../e2e/firefox/firefox.ts', import.meta.url);
  const { installGmailReplica } = await tsImport('../e2e/gmail/replica.ts', import.meta.url);
  const { rpcBundle, toWire } = await tsImport('../e2e/helpers/extension-rpc.ts', import.meta.url);
  const { waitForVerdicts } = await tsImport('../e2e/firefox/status-bars.ts', import.meta.url);
  const s = await launchFirefox({ headless });
  try {
    const replica = await installGmailReplica(s.routes, { fixturesDir });
    const setup = await s.openPage('src/options/index.html');
    await setup.evaluate(await rpcBundle());
    for (const [op, request] of [
      ['add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixturesDir, 'demo-ca.crt'))) }],
      ['import-identity', { file: new Uint8Array(readFileSync(join(fixturesDir, 'demo-identity.p12'))), fileName: 'demo-identity.p12', password: 'demo' }],
    ]) {
      const r = await setup.evaluate((o, q) => globalThis.__smimeRpc(o, q), op, toWire(request));
      if (!r.ok) console.warn(`Demo setup: ${op} failed (${r.error?.code}: ${r.error?.message}); verdicts may differ.`);
    }
    await setup.close();
    if (screenshot) {
      const page = await s.openWeb(replica.inboxUrl);
      await page.setViewport({ width: 1100, height: 700 });
      const shots = [];
      for (const key of SAMPLES) {
        await page.goto(replica.threadUrl(key));
        const [bar] = await waitForVerdicts(s.browser, page, 1).catch(() => [{ verdict: 'no verdict' }]);
        await new Promise((r) => setTimeout(r, 500));
        shots.push({ title: `${key}: ${bar.verdict}`, png: Buffer.from(await page.screenshot({ clip: { x: 0, y: 0, width: 1100, height: 330 } })) });
      }
      const tiles = shots.map((t) => `<figure><figcaption>${t.title}</figcaption><img src="data:image/png;base64,${t.png.toString('base64')}"></figure>`).join('');
      await page.goto('about:blank');
      await page.setViewport({ width: 1140, height: 1400 });
      await page.setContent(`<style>body{margin:16px;font:14px system-ui,sans-serif;background:#eef1f5}figure{margin:0 0 12px;background:#fff;border-radius:8px;padding:8px}figcaption{font-weight:600;margin-bottom:6px}img{width:100%}</style><h1 style="font-size:18px">S/MIME for Webmail in Firefox ESR (${s.version}): demo mailbox on a local Gmail replica</h1>${tiles}`);
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`Screenshot written to ${screenshot}`);
    }
    if (headless) return;
    await s.openWeb(replica.inboxUrl);
    console.log(`Firefox ESR shows the demo mailbox (a local Gmail replica; nothing leaves this machine).
Open any message to see its verdict. The demo identity's password is "demo". Close Firefox to stop.`);
    await new Promise((done) => s.browser.on('disconnected', done));
  } finally {
    await s.close();
  }
}
