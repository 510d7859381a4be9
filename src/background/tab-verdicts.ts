// What each tab shows, decided by the background from its own results: every verify (and decrypt for a viewer
// frame) a tab's content script asks for is classified here and remembered by the message's SHA-256. The content
// script only says which messages are open; the badge and the popup's words come from our verdicts, so a page
// cannot make them look better than the messages the background itself checked.
import type { VerifyResult } from '../crypto/types';
import { tabVerdictOf, worstTabVerdict, type Verdict } from '../content/verdict';
import type { TabVerdict, TabVerdictView } from '../shared/messages';

const MAX_TABS = 200;
const MAX_PER_TAB = 100;

interface Entry {
  verdict: Verdict;
  result?: VerifyResult;
}

interface TabState {
  known: Map<string, Entry>;
  reported: TabVerdict;
  open: string[];
}

export class TabVerdicts {
  private readonly tabs = new Map<number, TabState>();

  private tab(tabId: number): TabState {
    let s = this.tabs.get(tabId);
    if (!s) {
      s = { known: new Map(), reported: 'none', open: [] };
      this.tabs.set(tabId, s);
      if (this.tabs.size > MAX_TABS) this.tabs.delete(this.tabs.keys().next().value!);
    }
    return s;
  }

  /** Remembers the background's own verdict for a message a tab asked about. */
  record(tabId: number, digest: string, verdict: Verdict, result?: VerifyResult): void {
    const known = this.tab(tabId).known;
    known.delete(digest);
    known.set(digest, result ? { verdict, result } : { verdict });
    if (known.size > MAX_PER_TAB) known.delete(known.keys().next().value!);
  }

  /** Whether this tab was told, by us, this verdict kind for the message (or sender) under `digest`. */
  told(tabId: number, digest: string, kind: Verdict['kind']): boolean {
    return this.tabs.get(tabId)?.known.get(digest)?.verdict.kind === kind;
  }

  /** The content script's report: its own summary and the digests of the open messages. Returns the badge verdict. */
  report(tabId: number, reported: TabVerdict, open: string[] = []): TabVerdict {
    const s = this.tab(tabId);
    s.reported = reported;
    s.open = open;
    return this.badge(s);
  }

  private worstEntry(s: TabState): Entry | undefined {
    let worst: Entry | undefined;
    for (const d of s.open) {
      const e = s.known.get(d);
      if (e && (!worst || worstTabVerdict([tabVerdictOf(worst.verdict.kind), tabVerdictOf(e.verdict.kind)]) !== tabVerdictOf(worst.verdict.kind))) worst = e;
    }
    return worst;
  }

  /** Our verdicts never look better than the report (a message still being checked), nor the report better than ours. */
  private badge(s: TabState): TabVerdict {
    const ours = this.worstEntry(s);
    // A good report ("valid", "encrypted") counts only when we found one of the open messages good ourselves: a page
    // cannot turn the badge green by reporting it, with or without digests.
    const good = (v: TabVerdict) => v === 'valid' || v === 'encrypted';
    const vouched = s.open.some((d) => {
      const e = s.known.get(d);
      return !!e && good(tabVerdictOf(e.verdict.kind));
    });
    const reported = good(s.reported) && !vouched ? 'none' : s.reported;
    return ours ? worstTabVerdict([tabVerdictOf(ours.verdict.kind), reported]) : reported;
  }

  /** What the popup shows for a tab. */
  view(tabId: number): { verdict: TabVerdict; view?: TabVerdictView; result?: VerifyResult } {
    const s = this.tabs.get(tabId);
    if (!s) return { verdict: 'none' };
    const verdict = this.badge(s);
    const ours = this.worstEntry(s);
    // Words only when they are ours and as serious as the badge (the report may know of something worse).
    if (!ours || verdict !== tabVerdictOf(ours.verdict.kind)) return { verdict };
    const { kind, tone, messageName, substitutions } = ours.verdict;
    const count = s.open.filter((d) => s.known.has(d)).length;
    return { verdict, view: { kind, tone, messageName, substitutions, count }, ...(ours.result ? { result: ours.result } : {}) };
  }
}
