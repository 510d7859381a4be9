// Fetches a Gmail message's raw RFC 5322 source with the user's own session (no OAuth), keeping /u/<N>/.
// First the "download original" URL (view=att, read as bytes); if that fails, "Show original" (view=om), whose
// HTML carries the source escaped in <pre id="raw_message_text"> and is decoded back to bytes here.
import { RawSourceError } from '../site-adapter';
import type { RateLimiter } from '../../rate-limiter';

import { MAX_RAW_BYTES, looksLikeMessage } from '../raw-message';

export { MAX_RAW_BYTES, looksLikeMessage };

export interface GmailMessageRef {
  account: number; // the /u/<N>/ index of this tab
  permId: string; // "msg-f:<decimal>"
  legacyHex: string; // the same id in hex (th= for view=att)
}

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export function rawAttUrl(ref: GmailMessageRef, ik: string): string {
  return `https://mail.google.com/mail/u/${ref.account}/?ik=${ik}&view=att&th=${ref.legacyHex}&attid=0&disp=comp&safe=1&zw`;
}

export function showOriginalUrl(ref: GmailMessageRef, ik: string): string {
  return `https://mail.google.com/mail/u/${ref.account}/?ik=${ik}&view=om&permmsgid=${ref.permId}`;
}

/** "msg-f:<decimal>" → hex legacy id (the Gmail API id), or null. */
export function decimalIdToHex(permId: string): string | null {
  const m = /^msg-f:(\d{1,20})$/.exec(permId);
  if (!m) return null;
  const n = BigInt(m[1]);
  if (n <= 0n || n >= 1n << 64n) return null;
  return n.toString(16);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Decodes the HTML character references in the <pre> text (the only escaping "Show original" applies). */
export function decodeHtmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * The raw source from a "Show original" page. The HTML parser would drop a leading newline and fold CRLF, so the
 * <pre> is cut out of the response text directly. Lines become CRLF again (the wire form that signatures cover).
 * Characters above U+00FF mean Gmail decoded 8-bit text; those are re-encoded as UTF-8 (best effort).
 */
export function rawFromShowOriginal(html: string): Uint8Array {
  const open = /<pre\b[^>]*\bid=["']?raw_message_text["']?[^>]*>/i.exec(html);
  if (!open) throw new RawSourceError('not-a-message', 'Show original: no <pre id="raw_message_text"> in the page');
  const start = open.index + open[0].length;
  const end = html.indexOf('</pre>', start);
  if (end < 0) throw new RawSourceError('not-a-message', 'Show original: unterminated <pre>');
  let text = decodeHtmlText(html.slice(start, end));
  if (text.startsWith('\r\n')) text = text.slice(2);
  else if (text.startsWith('\n')) text = text.slice(1);
  text = text.replace(/\r?\n/g, '\r\n');
  let wide = false;
  for (let i = 0; i < text.length && !wide; i++) wide = text.charCodeAt(i) > 0xff;
  if (wide) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

async function readBytes(res: Response): Promise<Uint8Array> {
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > MAX_RAW_BYTES) throw new RawSourceError('too-large', `message is ${len} bytes`);
  const buf = new Uint8Array(await res.arrayBuffer());
  if (buf.length > MAX_RAW_BYTES) throw new RawSourceError('too-large', `message is ${buf.length} bytes`);
  return buf;
}

async function tryAtt(ref: GmailMessageRef, ik: string, fetchFn: FetchFn, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetchFn(rawAttUrl(ref, ik), { credentials: 'include', redirect: 'follow', signal });
  if (!res.ok) throw new RawSourceError('http', `view=att answered ${res.status}`);
  const bytes = await readBytes(res);
  if (!looksLikeMessage(bytes)) throw new RawSourceError('not-a-message', 'view=att did not return a message');
  return bytes;
}

async function tryOm(ref: GmailMessageRef, ik: string, fetchFn: FetchFn, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetchFn(showOriginalUrl(ref, ik), { credentials: 'include', signal });
  if (!res.ok) throw new RawSourceError('http', `view=om answered ${res.status}`);
  const html = await res.text();
  if (html.length > MAX_RAW_BYTES * 2) throw new RawSourceError('too-large', 'Show original page too large');
  return rawFromShowOriginal(html);
}

export interface FetchOutcome {
  bytes: Uint8Array;
  via: 'att' | 'om';
}

/** Fetches the raw source, rate-limited; view=att first, then view=om. */
export async function fetchGmailRawSource(
  ref: GmailMessageRef,
  ik: string,
  limiter: RateLimiter,
  fetchFn: FetchFn = (i, init) => fetch(i, init),
  signal?: AbortSignal,
): Promise<FetchOutcome> {
  let firstError: unknown;
  try {
    await limiter.acquire();
    return { bytes: await tryAtt(ref, ik, fetchFn, signal), via: 'att' };
  } catch (e) {
    if (signal?.aborted) throw new RawSourceError('aborted', 'aborted');
    if (e instanceof RawSourceError && e.code === 'too-large') throw e;
    firstError = e;
  }
  try {
    await limiter.acquire();
    return { bytes: await tryOm(ref, ik, fetchFn, signal), via: 'om' };
  } catch (e) {
    if (signal?.aborted) throw new RawSourceError('aborted', 'aborted');
    if (e instanceof RawSourceError) throw e;
    const first = firstError instanceof Error ? firstError.message : String(firstError);
    throw new RawSourceError('network', `could not fetch the raw source (view=att: ${first}; view=om: ${e instanceof Error ? e.message : String(e)})`);
  }
}
