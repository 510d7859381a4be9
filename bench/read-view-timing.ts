// What the Gmail and Outlook open→verdict benchmarks share: a main-world observer that notes when the first status
// bar gets a final verdict, waiting for the content script and the verdict, and the read view's own counters.
import type { Page } from 'playwright-core';
import { readPerf } from '../e2e/gmail/status-bars';
import type { PerfStats } from '../src/content/read-view-controller';

/**
 * Main-world observer, installed before the page's own scripts: notes when the first bar gets a final verdict.
 * A string, not a function: tsx would wrap named inner functions in a helper that the page does not have.
 */
export const RECORD_VERDICT_TIME = `(() => {
  const seen = (el) => {
    const v = el.getAttribute('data-verdict');
    if (!window.__benchVerdict && v && v !== 'checking' && v !== 'decrypting') window.__benchVerdict = { at: performance.now(), verdict: v };
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.hasAttribute && r.target.hasAttribute('data-smime-webmail')) seen(r.target);
      for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-smime-webmail')) seen(n);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-verdict'] });
})();`;

export interface Run {
  navToVerdictMs: number; // performance.now() in the page: from navigation start
  spaOpenToVerdictMs?: number; // from the click on the inbox row (an already loaded Gmail), when measured
  perf: PerfStats;
  verdict: string;
}

/** True once the content script answers perf requests (it runs at document_idle). */
export async function contentScriptReady(page: Page): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          document.addEventListener('smime-webmail:perf', () => resolve(true), { once: true });
          document.dispatchEvent(new CustomEvent('smime-webmail:perf-request'));
          setTimeout(() => resolve(false), 100);
        }),
    );
    if (ok) return;
  }
  throw new Error('the content script did not start on the replica');
}

export async function waitVerdict(page: Page): Promise<{ at: number; verdict: string }> {
  const handle = await page.waitForFunction(() => (window as unknown as { __benchVerdict?: { at: number; verdict: string } }).__benchVerdict, undefined, { timeout: 20_000, polling: 50 });
  return (await handle.jsonValue()) as { at: number; verdict: string };
}

export async function countersAfterVerdict(page: Page): Promise<PerfStats> {
  let perf = await readPerf(page);
  for (let i = 0; i < 20 && perf.verdicts < 1; i++) {
    await page.waitForTimeout(50);
    perf = await readPerf(page);
  }
  return perf;
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}
