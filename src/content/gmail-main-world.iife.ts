// Runs in Gmail's own JavaScript world (manifest "world": "MAIN"), the only place where GLOBALS is visible.
// It hands GLOBALS[9] (the "ik" key needed by the raw-source URLs) to the isolated content script on request.
// Kept import-free on purpose: MAIN-world scripts cannot load extension modules.
(() => {
  const REQUEST = 'smime-webmail:ik-request';
  const ANSWER = 'smime-webmail:ik';
  const answer = () => {
    const g = (window as unknown as { GLOBALS?: unknown }).GLOBALS;
    const ik = Array.isArray(g) && typeof g[9] === 'string' ? g[9] : '';
    // A plain string crosses the world boundary; the isolated side validates it strictly.
    document.dispatchEvent(new CustomEvent(ANSWER, { detail: ik.slice(0, 64) }));
  };
  document.addEventListener(REQUEST, answer);
  answer();
})();
