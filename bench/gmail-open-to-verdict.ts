// Gmail read view benchmark: time from opening a thread to the verdict on its status bar, for the replica's 50 KB
// signed message, in Debian's Chromium with the built extension (dist/chrome/), and the content script's MutationObserver
// cost per batch on a large thread. A benchmark, not a test: it reports figures and fails only if nothing works.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPath, distDir, launchWithExtension, type ExtensionSession } from '../e2e/helpers/extension';
import { openExtensionRpc } from '../e2e/helpers/extension-rpc';
import { installGmailReplica, type Replica } from '../e2e/gmail/replica';
import { readPerf } from '../e2e/gmail/status-bars';
import { growLargeThread } from '../e2e/gmail/large-thread';
import type { PerfStats } from '../src/content/read-view-controller';
// @ts-expect-error -- plain ESM script without types
import { generateDemoFixtures } from '../scripts/gen-demo-fixtures.mjs';
import { fmtMs, median } from './stats';
import { RECORD_VERDICT_TIME, contentScriptReady, countersAfterVerdict, quantile, waitVerdict, type Run } from './read-view-timing';

const RUNS = Math.max(2, Number(process.env.BENCH_GMAIL_RUNS ?? 15)); // the first is a warm-up
const KEY = 'large-signed';
const TARGET_MS = 150;

/** Gmail already loaded (the inbox), then a click on the thread's row: the usual way a message is opened. */
async function openFromInbox(s: ExtensionSession, r: Replica): Promise<Run> {
  const page = await s.context.newPage();
  try {
    await page.addInitScript({ content: RECORD_VERDICT_TIME });
    await page.goto(r.inboxUrl);
    const hex = r.messages.find((m) => m.key === KEY)!.thread.hex;
    await page.waitForSelector(`tr.zA[data-legacy-thread-id="${hex}"]`);
    await contentScriptReady(page);
    const clickAt = await page.evaluate((h) => {
      const t = performance.now();
      (document.querySelector(`tr.zA[data-legacy-thread-id="${h}"]`) as HTMLElement).click();
      return t;
    }, hex);
    const got = await waitVerdict(page);
    return { navToVerdictMs: got.at, spaOpenToVerdictMs: got.at - clickAt, perf: await countersAfterVerdict(page), verdict: got.verdict };
  } finally {
    await page.close();
  }
}

async function openOnce(s: ExtensionSession, r: Replica): Promise<Run> {
  const page = await s.context.newPage();
  try {
    await page.addInitScript({ content: RECORD_VERDICT_TIME });
    await page.goto(r.threadUrl(KEY));
    const got = await waitVerdict(page);
    // The counters are read once the verdict is shown, so this page's one message is in them.
    return { navToVerdictMs: got.at, perf: await countersAfterVerdict(page), verdict: got.verdict };
  } finally {
    await page.close();
  }
}

/** The e2e test's large thread: 300 more expanded plain messages, then 200 separate mutation batches. */
async function observerCost(page: Page): Promise<{ before: PerfStats; after: PerfStats; messages: number }> {
  const before = await readPerf(page);
  await growLargeThread(page);
  const after = await readPerf(page);
  const messages = await page.$$eval('div.adn', (els) => els.length);
  return { before, after, messages };
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (x: number) => fmtMs(x).padStart(8);

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) {
    console.log(`gmail bench: skipped, no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
    return;
  }
  if (!existsSync(join(distDir, 'manifest.json'))) {
    console.error('gmail bench: dist/chrome/ is missing: run `npm run build` first');
    process.exit(1);
  }
  const started = Date.now();
  const fixtures = mkdtempSync(join(tmpdir(), 'smime-gmail-bench-'));
  let s: ExtensionSession | undefined;
  try {
    generateDemoFixtures(fixtures);
    s = await launchWithExtension();
    const r = await installGmailReplica(s.context, { fixturesDir: fixtures });
    const rpc = await openExtensionRpc(s.context, s.extensionId);
    const anchor = await rpc.call('add-trust-anchor', { certificate: new Uint8Array(readFileSync(join(fixtures, 'demo-ca.crt'))) });
    if (!anchor.ok) throw new Error(`add-trust-anchor failed: ${JSON.stringify(anchor.error)}`);
    await rpc.page.close();
    const size = r.messages.find((m) => m.key === KEY)!.size;

    // Alternate the two ways in, so both see the same background load; the first of each is a warm-up.
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

    // Observer cost on one more page, after its verdict.
    const page = await s.context.newPage();
    await page.goto(r.threadUrl(KEY));
    await page.waitForFunction(() => {
      const v = document.querySelector('[data-smime-webmail="status"]')?.getAttribute('data-verdict');
      return v && v !== 'checking' && v !== 'decrypting';
    });
    const obs = await observerCost(page);
    await page.close();

    const rows: [string, number[]][] = [
      ['click on the inbox row → verdict (page)', timedSpa.map((x) => x.spaOpenToVerdictMs!)],
      ['  first scan → verdict (content script counter)', timedSpa.map((x) => x.perf.openToVerdictMaxMs)],
      ['load of the thread URL: navigation start → verdict', timed.map((x) => x.navToVerdictMs)],
      ['  first scan → verdict (content script counter)', timed.map((x) => x.perf.openToVerdictMaxMs)],
      ['  of which fetch of the raw message (view=att)', timed.map((x) => x.perf.fetchTotalMs)],
      ['  of which verify (background round trip)', timed.map((x) => x.perf.verifyTotalMs)],
    ];
    console.log(`\nGmail replica, built extension in Chromium: '${KEY}' (${(size / 1024).toFixed(1)} KB signed), ${timed.length} runs of each kind after 1 warm-up, fresh page each`);
    console.log(`${pad('measure', 52)}  median      p90      max   (ms)`);
    for (const [name, xs] of rows) console.log(`${pad(name, 52)}${num(median(xs))} ${num(quantile(xs, 0.9))} ${num(Math.max(...xs))}`);
    const batches = obs.after.batches - obs.before.batches;
    const batchMs = obs.after.batchTotalMs - obs.before.batchTotalMs;
    const scans = obs.after.scans - obs.before.scans;
    const scanMs = obs.after.scanTotalMs - obs.before.scanTotalMs;
    console.log(
      `MutationObserver, thread of ${obs.messages} expanded messages: ${batches} batches, ${fmtMs(batchMs / Math.max(1, batches))} ms/batch avg, ` +
        `${fmtMs(obs.after.batchMaxMs)} ms max; ${scans} scans, ${fmtMs(scanMs / Math.max(1, scans))} ms/scan avg, ${fmtMs(obs.after.scanMaxMs)} ms max`,
    );
    const open = median(rows[0][1]);
    console.log(`target: open→verdict under ${TARGET_MS} ms (median, click on the row → verdict): ${open < TARGET_MS ? 'met' : 'NOT met'} (${fmtMs(open)} ms); took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  } finally {
    await s?.close();
    rmSync(fixtures, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('gmail bench failed:', e instanceof Error ? e.stack : e);
  process.exit(1);
});
