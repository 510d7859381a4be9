// Raw-source fetching for Gmail: the "Show original" page decodes back to the exact bytes, ids convert, the
// view=att download is preferred and view=om is the fallback, and the ik key from the page is validated strictly.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decimalIdToHex,
  decodeHtmlText,
  fetchGmailRawSource,
  looksLikeMessage,
  rawAttUrl,
  rawFromShowOriginal,
  showOriginalUrl,
  type FetchFn,
} from '../../src/content/sites/gmail/gmail-raw-source';
import { ikFromUrl, isValidIk } from '../../src/content/sites/gmail/gmail-ik';
import { accountIndex, parseDownloadUrl } from '../../src/content/sites/gmail/gmail-adapter';
import { RawSourceError } from '../../src/content/sites/site-adapter';
import { RateLimiter } from '../../src/content/rate-limiter';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '..', '..', 'e2e', 'gmail', 'fixtures', name)));
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const latin1 = (b: Uint8Array) => new TextDecoder('latin1').decode(b);

function showOriginalPage(raw: Uint8Array, { lf = false, leadingNewline = false } = {}): string {
  let text = latin1(raw);
  if (lf) text = text.replace(/\r\n/g, '\n');
  return `<html><body><a href="?view=att">Download</a><pre class="raw_message_text" id="raw_message_text">${leadingNewline ? '\n' : ''}${escapeHtml(text)}</pre></body></html>`;
}

const ref = { account: 2, permId: 'msg-f:1790412345678908919', legacyHex: (1790412345678908919n).toString(16) };
const noWait = new RateLimiter(1000, 1000);

describe('Show original (view=om) decoding', () => {
  it('gives back the exact bytes of a signed ISO-2022-JP message, even from LF-only text with a leading newline', () => {
    const raw = fixture('bank-signed-jp.eml');
    expect(rawFromShowOriginal(showOriginalPage(raw))).toEqual(raw);
    expect(rawFromShowOriginal(showOriginalPage(raw, { lf: true, leadingNewline: true }))).toEqual(raw);
  });

  it('decodes numeric and named references, and leaves unknown ones alone', () => {
    expect(decodeHtmlText('&lt;a&gt; &amp;amp; &#65;&#x42; &quot;&#39; &bogus; &#0;')).toBe('<a> &amp; AB "\' &bogus; &#0;');
  });

  it('refuses a page without the <pre id="raw_message_text">', () => {
    expect(() => rawFromShowOriginal('<html><body>Sign in</body></html>')).toThrow(RawSourceError);
  });

  it('re-encodes text Gmail decoded from 8-bit UTF-8 as UTF-8', () => {
    const out = rawFromShowOriginal('<pre id="raw_message_text">Subject: é€\n\nbody</pre>');
    expect(new TextDecoder().decode(out)).toBe('Subject: é€\r\n\r\nbody');
  });
});

describe('Gmail ids, URLs and ik', () => {
  it('converts msg-f decimal ids to the hex legacy id, and rejects junk', () => {
    expect(decimalIdToHex('msg-f:1790412345678908919')).toBe((1790412345678908919n).toString(16));
    expect(decimalIdToHex('msg-a:r123')).toBeNull();
    expect(decimalIdToHex('msg-f:99999999999999999999')).toBeNull();
    expect(decimalIdToHex('msg-f:0')).toBeNull();
  });

  it('keeps the /u/<N>/ account index in both URLs', () => {
    expect(rawAttUrl(ref, 'abcdef0123')).toBe(`https://mail.google.com/mail/u/2/?ik=abcdef0123&view=att&th=${ref.legacyHex}&attid=0&disp=comp&safe=1&zw`);
    expect(showOriginalUrl(ref, 'abcdef0123')).toBe('https://mail.google.com/mail/u/2/?ik=abcdef0123&view=om&permmsgid=msg-f:1790412345678908919');
    expect(accountIndex('/mail/u/3/')).toBe(3);
    expect(accountIndex('/mail/')).toBe(0);
  });

  it('accepts only a short lowercase hex ik (the value is page-controlled)', () => {
    expect(isValidIk('3f2a9c41b7')).toBe(true);
    for (const bad of ['', '3F2A9C41B7', 'abc', '3f2a9c41b7&view=om', '"><img>', 'a'.repeat(17), 42, null]) expect(isValidIk(bad)).toBe(false);
    expect(ikFromUrl('https://mail.google.com/mail/u/0?ui=2&ik=3f2a9c41b7&attid=0.1&view=att')).toBe('3f2a9c41b7');
    expect(ikFromUrl('https://mail.google.com/mail/u/0?ik=3f2a%26x')).toBeNull();
  });

  it('parses an attachment card download_url ("mime:name:url")', () => {
    expect(parseDownloadUrl('application/pkcs7-signature:smime.p7s:https://mail.google.com/mail/u/0?ui=2&ik=1')).toEqual({
      name: 'smime.p7s',
      url: 'https://mail.google.com/mail/u/0?ui=2&ik=1',
    });
    expect(parseDownloadUrl('garbage')).toBeNull();
  });

  it('tells a message from an HTML page', () => {
    expect(looksLikeMessage(fixture('tampered.eml'))).toBe(true);
    expect(looksLikeMessage(new TextEncoder().encode('<!DOCTYPE html><html>'))).toBe(false);
  });
});

describe('fetchGmailRawSource', () => {
  const raw = fixture('tampered.eml');
  const respond = (body: BodyInit, init: ResponseInit = {}) => new Response(body, { status: 200, ...init });

  it('prefers view=att and reads it as bytes', async () => {
    const urls: string[] = [];
    const fetchFn: FetchFn = async (u) => {
      urls.push(u);
      return respond(raw.slice());
    };
    const out = await fetchGmailRawSource(ref, '3f2a9c41b7', noWait, fetchFn);
    expect(out.via).toBe('att');
    expect(out.bytes).toEqual(raw);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain('view=att');
  });

  it('falls back to view=om when the download fails or is not a message', async () => {
    for (const att of [() => Promise.reject(new TypeError('Failed to fetch')), async () => respond('<!doctype html><title>Sign in</title>')]) {
      const fetchFn: FetchFn = (u) => (u.includes('view=att') ? att() : Promise.resolve(respond(showOriginalPage(raw))));
      const out = await fetchGmailRawSource(ref, '3f2a9c41b7', noWait, fetchFn);
      expect(out.via).toBe('om');
      expect(out.bytes).toEqual(raw);
    }
  });

  it('fails with a RawSourceError when both fail, and refuses oversized downloads without a fallback', async () => {
    await expect(fetchGmailRawSource(ref, '3f2a9c41b7', noWait, async () => respond('nope', { status: 500 }))).rejects.toBeInstanceOf(RawSourceError);
    const huge: FetchFn = async () => respond('x', { headers: { 'content-length': String(100 * 1024 * 1024) } });
    await expect(fetchGmailRawSource(ref, '3f2a9c41b7', noWait, huge)).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('RateLimiter', () => {
  it('starts at most 3 requests in any second, in order', async () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, 100, () => now);
    const started: number[] = [];
    const all = Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => started.push(i)));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2]);
    now = 1000;
    await new Promise((r) => setTimeout(r, 1100));
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    now = 2000;
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects when its queue is full instead of growing without bound', async () => {
    const limiter = new RateLimiter(1, 60_000, 2, () => 0);
    void limiter.acquire();
    void limiter.acquire();
    void limiter.acquire();
    await expect(limiter.acquire()).rejects.toThrow(/queue full/);
  });
});
