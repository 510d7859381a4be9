// Asks the MAIN-world script (src/content/outlook-main-world.iife.ts) for the request headers Outlook itself sent
// to its service.svc: the Authorization header and the mailbox anchor. They are page-controlled, so each is
// validated strictly; they are kept in memory only for one request, never stored, logged or sent anywhere but the
// page's own origin (outlook-service-svc.ts is the only user).

const REQUEST = 'smime-webmail:owa-headers-request';
const ANSWER = 'smime-webmail:owa-headers';

export interface PageHeaders {
  authorization?: string;
  anchorMailbox?: string;
  canary?: string;
}

const MSAUTH = /^MSAuth1\.0 usertoken="[A-Za-z0-9._~+/=%:-]{1,12000}", type="MSACT"$/;
const BEARER = /^Bearer [A-Za-z0-9._~+/=-]{1,12000}$/;
const ANCHOR = /^[A-Za-z0-9@._:+=-]{1,320}$/;
const CANARY = /^[A-Za-z0-9._~+/=-]{1,400}$/;

export function validPageHeaders(raw: unknown): PageHeaders {
  let o: Record<string, unknown> = {};
  try {
    const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === 'object') o = parsed as Record<string, unknown>;
  } catch {
    return {};
  }
  const out: PageHeaders = {};
  const a = o['authorization'];
  if (typeof a === 'string' && (MSAUTH.test(a) || BEARER.test(a))) out.authorization = a;
  const m = o['x-anchormailbox'];
  if (typeof m === 'string' && ANCHOR.test(m)) out.anchorMailbox = m;
  const c = o['x-owa-canary'];
  if (typeof c === 'string' && CANARY.test(c)) out.canary = c;
  return out;
}

/** The headers the page last sent to its own /owa/ (empty when it sent none yet, or the helper is missing). */
export function requestPageHeaders(doc: Document = document, timeoutMs = 300): Promise<PageHeaders> {
  return new Promise((resolve) => {
    const onAnswer = (e: Event) => {
      cleanup();
      resolve(validPageHeaders((e as CustomEvent<unknown>).detail));
    };
    const timer = setTimeout(() => {
      cleanup();
      resolve({});
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      doc.removeEventListener(ANSWER, onAnswer);
    };
    doc.addEventListener(ANSWER, onAnswer);
    doc.dispatchEvent(new CustomEvent(REQUEST));
  });
}
