// Reads our status bars in Firefox. Their text sits in CLOSED shadow roots that page scripts cannot enter;
// WebDriver BiDi hands them out (serializationOptions.includeShadowTree: 'all'), which is how these helpers
// reach the bar's text and computed style. The Chromium suite does the same through the DevTools protocol.
import type { Browser, Page } from 'puppeteer-core';
import { contextOf, elementsWithShadowRoots, evaluateIn } from './bidi';
import { waitUntil } from './firefox';

export interface FirefoxBar {
  verdict: string | null;
  text: string;
  /** The mode of the bar's shadow root. */
  mode: string;
  /** Computed style of the verdict text inside the shadow root. */
  textStyle: { color: string; fontSize: string; display: string; visibility: string };
  /** How the styles got there: a <style> element (Firefox) or adopted sheets. */
  styleElements: number;
  adoptedSheets: number;
}

const READ_BAR = `(host, root) => {
  const text = root.querySelector('.text');
  const cs = text ? getComputedStyle(text) : null;
  return {
    verdict: host.getAttribute('data-verdict'),
    text: text ? text.textContent : '',
    mode: root.mode,
    textStyle: cs ? { color: cs.color, fontSize: cs.fontSize, display: cs.display, visibility: cs.visibility } : null,
    styleElements: root.querySelectorAll('style').length,
    adoptedSheets: root.adoptedStyleSheets.length,
  };
}`;

export async function readStatusBars(browser: Browser, page: Page): Promise<FirefoxBar[]> {
  const out: FirefoxBar[] = [];
  for (const { host, shadow } of await elementsWithShadowRoots(browser, page, '[data-smime-webmail=status]')) {
    if (shadow) out.push(await evaluateIn<FirefoxBar>(browser, contextOf(page), READ_BAR, [host, shadow]));
  }
  return out;
}

/** Waits until `count` bars have a final verdict (not checking/decrypting) and returns them. */
export async function waitForVerdicts(browser: Browser, page: Page, count = 1, timeoutMs = 30_000): Promise<FirefoxBar[]> {
  let last: FirefoxBar[] = [];
  try {
    return await waitUntil(
      'status bars',
      async () => {
        last = await readStatusBars(browser, page);
        return last.length >= count && last.every((b) => b.verdict && b.verdict !== 'checking' && b.verdict !== 'decrypting') ? last : null;
      },
      timeoutMs,
    );
  } catch {
    throw new Error(`status bars did not settle: ${JSON.stringify(last)}`);
  }
}
