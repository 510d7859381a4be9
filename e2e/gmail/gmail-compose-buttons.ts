// Test hook for the Gmail replica (which renders only the read view): adds Gmail's Compose button (div[gh=cm]) and,
// under each open message, the Reply / Forward links (span.ams.bkH / span.ams.bkG), as real Gmail has them, so the
// compose launcher can be exercised. An init script, so replica.ts stays as it is.
import type { BrowserContext } from 'playwright-core';

export async function addGmailComposeButtons(context: BrowserContext): Promise<void> {
  await context.addInitScript(gmailComposeButtons);
}

/** The init script itself (self-contained: it is serialised into the page), for other drivers (Firefox). */
export function gmailComposeButtons(): void {
  {
    if (location.hostname !== 'mail.google.com') return;
    const ensure = () => {
      const nav = document.querySelector('[role=navigation]');
      if (nav && !document.querySelector('div[gh="cm"]')) {
        const b = document.createElement('div');
        b.className = 'T-I T-I-KE L3';
        b.setAttribute('role', 'button');
        b.setAttribute('gh', 'cm');
        b.textContent = 'Compose';
        nav.prepend(b);
      }
      for (const m of Array.from(document.querySelectorAll('div.adn[data-message-id]'))) {
        if (m.querySelector('span.ams.bkH')) continue;
        const bar = document.createElement('div');
        bar.className = 'ip iq';
        for (const [cls, text] of [['bkH', 'Reply'], ['bkG', 'Forward']]) {
          const s = document.createElement('span');
          s.className = `ams ${cls}`;
          s.setAttribute('role', 'link');
          s.textContent = text;
          bar.append(s);
        }
        m.append(bar);
      }
    };
    new MutationObserver(ensure).observe(document, { childList: true, subtree: true });
  }
}
