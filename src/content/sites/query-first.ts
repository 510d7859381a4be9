// The fallback-list queries every site's selectors module uses: a list of selectors, most stable first; the
// first that matches anything wins, so a site change that breaks one selector falls back to the next.

/** querySelector over a fallback list: the first selector that matches wins. */
export function queryFirst(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const e = root.querySelector(s);
    if (e) return e;
  }
  return null;
}

/** querySelectorAll over a fallback list: the results of the first selector that matches anything. */
export function queryAllFirst(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const s of selectors) {
    const list = root.querySelectorAll(s);
    if (list.length > 0) return Array.from(list);
  }
  return [];
}
