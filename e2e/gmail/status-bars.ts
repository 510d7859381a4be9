// Reads our status bars from the page for assertions. Their text sits in CLOSED shadow roots that page scripts
// (and Playwright locators) cannot enter, so the DevTools protocol (DOM.getDocument with pierce) reads it.
import type { Page } from 'playwright-core';
import type { PerfStats } from '../../src/content/read-view-controller';

interface CdpNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

export interface BarInfo {
  verdict: string | null;
  text: string;
  /** nodeId of the element holding the verdict text (for computed-style checks). */
  textNodeId: number | null;
}

function attr(n: CdpNode, name: string): string | null {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return null;
}

function textOf(n: CdpNode, skipIframes = true): string {
  if (n.nodeType === 3) return n.nodeValue ?? '';
  if (skipIframes && n.nodeName === 'IFRAME') return '';
  if (n.nodeName === 'STYLE') return '';
  return [...(n.children ?? [])].map((c) => textOf(c, skipIframes)).join('');
}

function findClass(n: CdpNode, cls: string): CdpNode | null {
  if ((attr(n, 'class') ?? '').split(/\s+/).includes(cls)) return n;
  for (const c of n.children ?? []) {
    const f = findClass(c, cls);
    if (f) return f;
  }
  return null;
}

/** Every status bar in the top document, in document order. */
export async function readStatusBars(page: Page): Promise<BarInfo[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const out: BarInfo[] = [];
    const walk = (n: CdpNode) => {
      if (n.nodeName === 'IFRAME') return; // only the top document
      if (attr(n, 'data-smime-webmail') === 'status') {
        const shadow = n.shadowRoots?.[0];
        const textEl = shadow ? findClass(shadow, 'text') : null;
        out.push({ verdict: attr(n, 'data-verdict'), text: textEl ? textOf(textEl) : '', textNodeId: textEl?.nodeId ?? null });
      }
      for (const c of n.children ?? []) walk(c);
      for (const s of n.shadowRoots ?? []) walk(s);
    };
    walk(root);
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Computed style of a node found by readStatusBars (needs a fresh CDP session with DOM+CSS enabled). */
export async function computedStyleOfBarText(page: Page, index = 0): Promise<Record<string, string>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const texts: number[] = [];
    const walk = (n: CdpNode) => {
      if (n.nodeName === 'IFRAME') return;
      if (attr(n, 'data-smime-webmail') === 'status') {
        const t = n.shadowRoots?.[0] ? findClass(n.shadowRoots[0], 'text') : null;
        if (t) texts.push(t.nodeId);
      }
      for (const c of n.children ?? []) walk(c);
      for (const s of n.shadowRoots ?? []) walk(s);
    };
    walk(root);
    const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId: texts[index] })) as { computedStyle: { name: string; value: string }[] };
    return Object.fromEntries(computedStyle.map((p) => [p.name, p.value]));
  } finally {
    await cdp.detach();
  }
}

/** Waits until every bar has a final verdict (not checking/decrypting) and returns them. */
export async function waitForVerdicts(page: Page, count = 1, timeoutMs = 20_000): Promise<BarInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let last: BarInfo[] = [];
  while (Date.now() < deadline) {
    last = await readStatusBars(page);
    if (last.length >= count && last.every((b) => b.verdict && b.verdict !== 'checking' && b.verdict !== 'decrypting')) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`status bars did not settle: ${JSON.stringify(last)}`);
}

/** The content script's aggregate perf counters (observer cost per batch, open→verdict, fetch and verify). */
export async function readPerf(page: Page): Promise<PerfStats> {
  return page.evaluate(
    () =>
      new Promise<PerfStats>((resolve) => {
        document.addEventListener('smime-webmail:perf', (e) => resolve(JSON.parse((e as CustomEvent<string>).detail)), { once: true });
        document.dispatchEvent(new CustomEvent('smime-webmail:perf-request'));
      }),
  );
}
