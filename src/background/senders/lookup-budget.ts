// A per-site budget for address-book look-ups from content scripts. The read view asks once per sender it has
// not seen (it caches answers), so a real thread uses a handful; a page that fabricates senders to probe the
// address book is slowed to this rate instead of reading it out.
export const LOOKUPS_PER_WINDOW = 200;
export const LOOKUP_WINDOW_MS = 10 * 60_000;

export class LookupBudget {
  private readonly used = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limit = LOOKUPS_PER_WINDOW,
    private readonly windowMs = LOOKUP_WINDOW_MS,
  ) {}

  /** Spends one look-up for the site (a content script's origin: new tabs share it); false when its budget for the window is used up. */
  take(site: string): boolean {
    const t = this.now();
    const list = (this.used.get(site) ?? []).filter((x) => t - x < this.windowMs);
    if (list.length >= this.limit) {
      this.used.set(site, list);
      return false;
    }
    list.push(t);
    this.used.set(site, list);
    if (this.used.size > 1000) this.used.delete(this.used.keys().next().value as string);
    return true;
  }
}
