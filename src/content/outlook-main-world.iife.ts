// Runs in Outlook's own JavaScript world (manifest "world": "MAIN"), the only place where the page's own requests
// can be observed. Outlook sends an Authorization header (MSAuth1.0 for consumer accounts, a bearer token for work
// accounts) on its service.svc calls; this remembers the last one the page itself sent to its own origin's /owa/
// and hands it to the isolated content script on request, which uses it for the same origin only and never stores
// it. Nothing is broadcast unasked. Kept import-free on purpose: MAIN-world scripts cannot load extension modules.
(() => {
  const REQUEST = 'smime-webmail:owa-headers-request';
  const ANSWER = 'smime-webmail:owa-headers';
  const KEEP = ['authorization', 'x-anchormailbox', 'x-owa-canary'];
  const seen: Record<string, string> = {};
  const ownOwa = (url: unknown): boolean => {
    try {
      const u = new URL(String(url), location.href);
      return u.origin === location.origin && u.pathname.startsWith('/owa/');
    } catch {
      return false;
    }
  };
  const note = (name: string, value: unknown) => {
    const n = name.toLowerCase();
    if (KEEP.includes(n) && typeof value === 'string' && value.length < 16_384) seen[n] = value;
  };

  const origFetch = window.fetch;
  window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    try {
      const url = input instanceof Request ? input.url : input;
      if (ownOwa(url)) {
        const h = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        h.forEach((v, k) => note(k, v));
      }
    } catch {
      // never break the page's own request
    }
    return origFetch.call(this, input as RequestInfo, init);
  } as typeof fetch;

  const opened = new WeakMap<XMLHttpRequest, boolean>();
  const origOpen = XMLHttpRequest.prototype.open;
  const origSet = XMLHttpRequest.prototype.setRequestHeader;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    opened.set(this, ownOwa(args[1]));
    return (origOpen as (...a: unknown[]) => void).apply(this, args);
  } as typeof XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    if (opened.get(this)) note(name, value);
    return origSet.call(this, name, value);
  };

  document.addEventListener(REQUEST, () => {
    // A JSON string crosses the world boundary; the isolated side validates every field strictly.
    document.dispatchEvent(new CustomEvent(ANSWER, { detail: JSON.stringify(seen) }));
  });
})();
