// Gets Gmail's "ik" (GLOBALS[9]) from the MAIN-world helper, or from an attachment link's ik= parameter.
// The value is page-controlled, so it is validated strictly before it goes into a URL.

const IK_PATTERN = /^[0-9a-f]{6,16}$/;
const REQUEST = 'smime-webmail:ik-request';
const ANSWER = 'smime-webmail:ik';

export function isValidIk(value: unknown): value is string {
  return typeof value === 'string' && IK_PATTERN.test(value);
}

/** The ik= parameter of a Gmail URL (e.g. an attachment card's download link), if valid. */
export function ikFromUrl(url: string): string | null {
  try {
    const ik = new URL(url, 'https://mail.google.com/').searchParams.get('ik');
    return isValidIk(ik) ? ik : null;
  } catch {
    return null;
  }
}

let cached: string | null = null;

/** Asks the MAIN-world script for GLOBALS[9]; resolves null after `timeoutMs` or on an invalid value. */
export function requestIkFromPage(doc: Document = document, timeoutMs = 1000): Promise<string | null> {
  if (cached) return Promise.resolve(cached);
  return new Promise((resolve) => {
    const onAnswer = (e: Event) => {
      const detail = (e as CustomEvent<unknown>).detail;
      if (!isValidIk(detail)) return; // ignore junk; keep waiting until the timeout
      cleanup();
      cached = detail;
      resolve(detail);
    };
    const timer = setTimeout(() => {
      cleanup();
      resolve(null);
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      doc.removeEventListener(ANSWER, onAnswer);
    };
    doc.addEventListener(ANSWER, onAnswer);
    doc.dispatchEvent(new CustomEvent(REQUEST));
  });
}

/** Listens from the start, so the MAIN-world script's first broadcast is not missed. */
export function primeIk(doc: Document = document): void {
  doc.addEventListener(ANSWER, (e) => {
    const detail = (e as CustomEvent<unknown>).detail;
    if (!cached && isValidIk(detail)) cached = detail;
  });
}
