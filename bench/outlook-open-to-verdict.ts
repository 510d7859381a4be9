// Outlook read view benchmark, beside Gmail's: time from opening a message to the verdict on its status bar, for
// the replica's 50 KB signed message, in Debian's Chromium with the built extension (dist/chrome/). The raw source
// comes through the replica's service.svc GetItem (the first path of the Outlook chain). A benchmark, not a test:
// it reports figures and fails only if nothing works.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, distDir, launchWithExtension, type ExtensionSession } from '../e2e/helpers/extension';
import { openExtensionRpc } from '../e2e/helpers/extension-rpc';
import { installOutlookReplica, type OutlookReplica } from '../e2e/outlook/replica';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';
import { fmtMs, median } from './stats';
import { RECORD_VERDICT_TIME, contentScriptReady, countersAfterVerdict, quantile, waitVerdict, type Run } from './read-view-timing';

const RUNS = Math.max(2, Number(process.env.BENCH_OUTLOOK_RUNS ?? 15)); // the first is a warm-up
const KEY = 'large-signed';
const TARGET_MS = 150;

/** Outlook already loaded (the inbox), then a click on the conversation's row: the usual way a message is opened. */
async function openFromInbox(s: ExtensionSession, r: OutlookReplica): Promise<Run> {
  const page = await s.context.newPage();
  try {
    await page.addInitScript({ content: RECORD_VERDICT_TIME });
    await page.goto(r.inboxUrl);
    const conv = r.messages.find((m) => m.key === KEY)!.conversationId;
    await page.waitForSelector(`[data-convid="${conv}"]`);
    await contentScriptReady(page);
    const clickAt = await page.evaluate((c) => {
      const t = performance.now();
      (document.querySelector(`[data-convid="${c}"]`) as HTMLElement).click();
      return t;
    }, conv);
    const got = await waitVerdict(page);
    return { navToVerdictMs: got.at, spaOpenToVerdictMs: got.at - clickAt, perf: await countersAfterVerdict(page), verdict: got.verdict };
  } finally {
    await page.close();
  }
}

async function openOnce(s: ExtensionSession, r: OutlookReplica): Promise<Run> {
  const page = await s.context.newPage();
  try {
    await page.addInitScript({ content: RECORD_VERDICT_TIME });
    await page.goto(r.messageUrl(KEY));
    const got = await waitVerdict(page);
    return { navToVerdictMs: got.at, perf: await countersAfterVerdict(page), verdict: got.verdict };
  } finally {
    await page.close();
  }
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (x: number) => fmtMs(x).padStart(8);

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    console.log(`outlook bench: skipped, no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
    return;
  }
  if (!existsSync(join(distDir, 'manifest.json'))) {
    console.error('outlook bench: dist/chrome/ is missing: run `npm run build` first');
    process.exit(1);
  }
  const started = Date.now();
  const fixtures = mkdtempSync(join(tmpdir(), 'smime-outlook-bench-'));
  let s: ExtensionSession | undefined;
  try {
    generateDemoFixtures(fixtures);
    s = await launchWithExtension();
    const r = await installOutlookReplica(s.context, { fixturesDir: fixtures });
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    const anchor = await rpc.call('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    if (!anchor.ok) throw new Error(`add-trust-anchor failed: ${JSON.stringify(anchor.error)}`);
    await rpc.page.close();
    const size = r.messages.find((m) => m.key === KEY)!.size;

    const runs: Run[] = [];
    const spa: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await openOnce(s, r));
      spa.push(await openFromInbox(s, r));
    }
    const timed = runs.slice(1);
    const timedSpa = spa.slice(1);
    const bad = [...runs, ...spa].filter((x) => x.verdict !== 'signed' || x.perf.verdicts !== 1);
    if (bad.length) throw new Error(`a run did not end in one 'signed' verdict: ${JSON.stringify(bad.map((b) => [b.verdict, b.perf.verdicts]))}`);

    const rows: [string, number[]][] = [
      ['click on the inbox row → verdict (page)', timedSpa.map((x) => x.spaOpenToVerdictMs!)],
      ['  first scan → verdict (content script counter)', timedSpa.map((x) => x.perf.openToVerdictMaxMs)],
      ['load of the message URL: navigation start → verdict', timed.map((x) => x.navToVerdictMs)],
      ['  first scan → verdict (content script counter)', timed.map((x) => x.perf.openToVerdictMaxMs)],
      ['  of which fetch of the raw message (service.svc)', timed.map((x) => x.perf.fetchTotalMs)],
      ['  of which verify (background round trip)', timed.map((x) => x.perf.verifyTotalMs)],
    ];
    console.log(`\nOutlook replica, built extension in Chromium: '${KEY}' (${(size / 1024).toFixed(1)} KB signed), ${timed.length} runs of each kind after 1 warm-up, fresh page each`);
    console.log(`${pad('measure', 52)}  median      p90      max   (ms)`);
    for (const [name, xs] of rows) console.log(`${pad(name, 52)}${num(median(xs))} ${num(quantile(xs, 0.9))} ${num(Math.max(...xs))}`);
    const open = median(rows[0][1]);
    console.log(`target: open→verdict under ${TARGET_MS} ms (median, click on the row → verdict): ${open < TARGET_MS ? 'met' : 'NOT met'} (${fmtMs(open)} ms); took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  } finally {
    await s?.close();
    rmSync(fixtures, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('outlook bench failed:', e instanceof Error ? e.stack : e);
  process.exit(1);
});
