import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/crypto/errors';
import { getHeader, getHeaders, parseMime, type MimeEntity } from '../../src/crypto/mime/parse-mime';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

function expectMalformed(f: () => unknown): EngineError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('malformed');
    return e as EngineError;
  }
  throw new Error('expected EngineError(malformed)');
}

const SIGNED_PART = crlf(`Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Hello Bob.
Trailing blank line follows.

`);

const SIGNED = crlf(`From: alice@example.com
To: bob@example.com
Subject: test
MIME-Version: 1.0
Content-Type: multipart/signed; protocol="application/pkcs7-signature";
 micalg=sha-256; boundary="----b1"

This is a preamble.
------b1
`) + SIGNED_PART + crlf(`
------b1
Content-Type: application/pkcs7-signature; name=smime.p7s
Content-Transfer-Encoding: base64

AAEC
------b1--
epilogue text
`);

describe('parseMime: headers and single parts', () => {
  it('parses headers, unfolds values, keeps raw bytes and finds the body', () => {
    const input = enc(crlf(`Subject: a
 folded  line
X-Empty:
Content-Type: TEXT/Plain; CharSet="ISO-8859-1"

body line 1
body line 2`));
    const e = parseMime(input);
    expect(e.headers.map((h) => h.name)).toEqual(['Subject', 'X-Empty', 'Content-Type']);
    expect(getHeader(e, 'subject')).toBe('a folded  line');
    expect(getHeader(e, 'x-empty')).toBe('');
    expect(str(e.headers[0].raw)).toBe('Subject: a\r\n folded  line\r\n');
    expect(e.contentType).toMatchObject({ type: 'text', subtype: 'plain', mediaType: 'text/plain' });
    expect(e.contentType.params.charset).toBe('ISO-8859-1');
    expect(e.contentTypeExplicit).toBe(true);
    expect(str(e.body)).toBe('body line 1\r\nbody line 2');
    expect(str(e.headerBytes)).toBe(str(input).split('\r\n\r\n')[0] + '\r\n');
    expect(e.raw).toEqual(input);
    expect(e.start).toBe(0);
    expect(e.end).toBe(input.length);
    expect(e.transferEncoding).toBe('7bit');
    expect(e.children).toEqual([]);
  });

  it('defaults Content-Type to text/plain; charset=us-ascii, also for invalid values', () => {
    for (const h of ['', 'Content-Type: garbage\r\n', 'Content-Type: /x\r\n']) {
      const e = parseMime(enc(`${h}\r\nhi`));
      expect(e.contentType.mediaType).toBe('text/plain');
      expect(e.contentType.params.charset).toBe('us-ascii');
      expect(e.contentTypeExplicit).toBe(false);
    }
  });

  it('getHeaders returns every occurrence case-insensitively', () => {
    const e = parseMime(enc('From: a@x\r\nfrom: b@x\r\nFROM : c@x\r\n\r\n'));
    expect(getHeaders(e, 'From')).toEqual(['a@x', 'b@x', 'c@x']);
    expect(getHeader(e, 'FROM')).toBe('a@x');
    expect(getHeader(e, 'Sender')).toBeUndefined();
  });

  it('keeps 8-bit UTF-8 header values and falls back to Latin-1', () => {
    const utf = parseMime(enc('Subject: Grüße\r\n\r\n'));
    expect(getHeader(utf, 'subject')).toBe('Grüße');
    const latin = parseMime(new Uint8Array([...enc('Subject: Gr'), 0xfc, ...enc('\r\n\r\n')]));
    expect(getHeader(latin, 'subject')).toBe('Grü');
  });

  it('treats a first line that is not a header as body, and skips an mbox From line', () => {
    const e = parseMime(enc('Hello there\r\nSecond: line\r\n'));
    expect(e.headers).toEqual([]);
    expect(str(e.body)).toBe('Hello there\r\nSecond: line\r\n');
    const m = parseMime(enc('From alice@example.com Mon Jan 26 14:38:03 2026\r\nSubject: x\r\n\r\nb'));
    expect(getHeader(m, 'subject')).toBe('x');
    expect(str(m.body)).toBe('b');
  });

  it('a message with headers only has an empty body', () => {
    const e = parseMime(enc('Subject: x\r\n'));
    expect(e.body.length).toBe(0);
    expect(getHeader(e, 'subject')).toBe('x');
  });

  it('parses a 10 MB single-part message, the body a view of the input (speed: bench/primitives.ts)', () => {
    const head = enc('Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n');
    const big = new Uint8Array(10 * 1024 * 1024);
    big.set(head);
    big.fill(0x41, head.length);
    for (let i = head.length + 76; i < big.length - 1; i += 78) {
      big[i] = 0x0d;
      big[i + 1] = 0x0a;
    }
    const e = parseMime(big);
    expect(e.body.length).toBe(big.length - head.length);
    expect(e.body.buffer).toBe(big.buffer); // no copy of the body
  });

  it('parses a 10 MB multipart with a large base64 part (speed: bench/primitives.ts)', () => {
    const line = 'QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n';
    const body = line.repeat(Math.floor((10 * 1024 * 1024) / line.length));
    const msg = enc(`Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XYZ\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}--XYZ--\r\n`);
    const e = parseMime(msg);
    expect(e.children).toHaveLength(2);
    expect(e.children[1].body.length).toBe(body.length - 2);
  });
});

describe('parseMime: multipart byte exactness', () => {
  it('extracts the signed part exactly: between the delimiter line CRLF and the CRLF before the next delimiter', () => {
    const input = enc(SIGNED);
    const e = parseMime(input);
    expect(e.contentType.mediaType).toBe('multipart/signed');
    expect(e.contentType.params.protocol).toBe('application/pkcs7-signature');
    expect(e.contentType.params.micalg).toBe('sha-256');
    expect(e.boundary).toBe('----b1');
    expect(e.children).toHaveLength(2);
    const [signed, sig] = e.children;
    // The signed part ends with the body's own final blank line; the CRLF before "------b1" is not in it.
    expect(str(signed.raw)).toBe(SIGNED_PART);
    expect(str(input.subarray(signed.start, signed.end))).toBe(SIGNED_PART);
    expect(signed.raw.byteOffset - input.byteOffset).toBe(signed.start);
    expect(signed.raw.buffer).toBe(input.buffer); // a view, not a copy
    expect(str(signed.body)).toBe('Hello Bob.\r\nTrailing blank line follows.\r\n\r\n');
    expect(str(sig.raw)).toBe('Content-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC');
    expect(sig.contentType.mediaType).toBe('application/pkcs7-signature');
    expect(str(e.preamble!)).toBe('This is a preamble.');
    expect(str(e.epilogue!)).toBe('epilogue text\r\n');
    expect(e.truncated).toBe(false);
  });

  it('extracts the exact bytes when the part has no trailing line break of its own', () => {
    const e = parseMime(enc('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--'));
    expect(str(e.children[0].raw)).toBe('\r\nx');
    expect(e.children[0].headers).toEqual([]);
    expect(str(e.children[0].body)).toBe('x');
    expect(str(e.preamble!)).toBe('');
    expect(str(e.epilogue!)).toBe('');
  });

  it('accepts transport padding after delimiters and a CRLF before the first delimiter', () => {
    const e = parseMime(enc('Content-Type: multipart/mixed; boundary=b\r\n\r\n\r\n--b \t\r\nA: 1\r\n\r\none\r\n--b\t\r\n\r\ntwo\r\n--b--  \r\n'));
    expect(e.children.map((c) => str(c.raw))).toEqual(['A: 1\r\n\r\none', '\r\ntwo']);
    expect(str(e.preamble!)).toBe('');
  });

  it('does not mistake a longer boundary that starts with ours for a delimiter', () => {
    const input = enc(crlf(`Content-Type: multipart/mixed; boundary="abc"

--abc
Content-Type: multipart/alternative; boundary="abcd"

--abcd
Content-Type: text/plain

plain
--abcd
Content-Type: text/html

<p>html</p>
--abcd--
--abc
Content-Type: text/plain

second
--abc--
`));
    const e = parseMime(input);
    expect(e.children).toHaveLength(2);
    const alt = e.children[0];
    expect(alt.contentType.mediaType).toBe('multipart/alternative');
    expect(alt.children.map((c) => str(c.body))).toEqual(['plain', '<p>html</p>']);
    expect(str(alt.raw).endsWith('--abcd--')).toBe(true);
    expect(str(e.children[1].body)).toBe('second');
    // Lines like "--abc-x" or "--abcx" inside a part are content, not delimiters.
    const f = parseMime(enc('Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abc\r\n\r\n--abcx\r\n--abc-x\r\n--abc--x\r\n--abc--\r\n'));
    expect(f.children).toHaveLength(1);
    expect(str(f.children[0].body)).toBe('--abcx\r\n--abc-x\r\n--abc--x');
  });

  it('parses nested multiparts with exact offsets at every level', () => {
    const inner = 'Content-Type: text/plain\r\n\r\ndeep';
    const input = enc(
      'Content-Type: multipart/mixed; boundary=L1\r\n\r\n--L1\r\nContent-Type: multipart/related; boundary=L2\r\n\r\n' +
        `--L2\r\nContent-Type: multipart/alternative; boundary=L3\r\n\r\n--L3\r\n${inner}\r\n--L3--\r\n--L2--\r\n--L1--\r\n`,
    );
    const e = parseMime(input);
    const leaf = e.children[0].children[0].children[0];
    expect(str(leaf.raw)).toBe(inner);
    expect(str(input.subarray(leaf.start, leaf.end))).toBe(inner);
    expect(leaf.depth).toBe(3);
    expect(str(leaf.body)).toBe('deep');
  });

  it('marks a missing close delimiter as truncated instead of throwing', () => {
    const e = parseMime(enc('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\n\r\ntwo, cut off'));
    expect(e.truncated).toBe(true);
    expect(e.children.map((c) => str(c.body))).toEqual(['one', 'two, cut off']);
    const none = parseMime(enc('Content-Type: multipart/mixed; boundary=b\r\n\r\nno delimiters at all'));
    expect(none.truncated).toBe(true);
    expect(none.children).toEqual([]);
    expect(str(none.preamble!)).toBe('no delimiters at all');
  });

  it('treats a multipart without a boundary as a leaf', () => {
    const e = parseMime(enc('Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nbody\r\n--x--'));
    expect(e.children).toEqual([]);
    expect(e.boundary).toBeUndefined();
  });

  it('handles empty parts (delimiter right after delimiter)', () => {
    const e = parseMime(enc('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n--b\r\n\r\nx\r\n--b--'));
    expect(e.children.map((c) => str(c.raw))).toEqual(['', '\r\nx']);
  });

  it('does not crash on LF-only input and still finds the parts', () => {
    const e = parseMime(enc(SIGNED.replace(/\r\n/g, '\n')));
    expect(e.children).toHaveLength(2);
    expect(str(e.children[0].raw)).toBe(SIGNED_PART.replace(/\r\n/g, '\n'));
    expect(str(e.children[1].body)).toBe('AAEC');
  });

  it('parses message/rfc822 bodies as nested messages, and digest children default to message/rfc822', () => {
    const nested = 'From: inner@example.com\r\nSubject: inner\r\n\r\ninner body';
    const e = parseMime(enc(`Content-Type: message/rfc822\r\n\r\n${nested}`));
    expect(e.children).toHaveLength(1);
    expect(str(e.children[0].raw)).toBe(nested);
    expect(getHeader(e.children[0], 'subject')).toBe('inner');
    const d = parseMime(enc(`Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\n${nested}\r\n--d--\r\n`));
    const child = d.children[0];
    expect(child.contentType.mediaType).toBe('message/rfc822');
    expect(getHeader(child.children[0], 'from')).toBe('inner@example.com');
    // A base64 message/rfc822 has no bytes in the input to point at: left as a leaf.
    const b = parseMime(enc('Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA'));
    expect(b.children).toEqual([]);
  });

  it('uses the first boundary parameter and RFC 2231 parameters', () => {
    const e = parseMime(enc('Content-Type: multipart/mixed; boundary=one; boundary=two\r\n\r\n--one\r\n\r\nx\r\n--one--'));
    expect(e.boundary).toBe('one');
    expect(e.children).toHaveLength(1);
  });
});

describe('parseMime: limits', () => {
  function nested(depth: number): Uint8Array {
    let head = '';
    let tail = '';
    for (let i = 0; i < depth; i++) {
      head += `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`;
      tail = `\r\n--b${i}--${tail}`;
    }
    return enc(`${head}Content-Type: text/plain\r\n\r\nleaf${tail}`);
  }

  it('accepts nesting up to maxDepth', () => {
    let e: MimeEntity = parseMime(nested(32));
    for (let i = 0; i < 32; i++) e = e.children[0];
    expect(str(e.body)).toBe('leaf');
    expect(e.depth).toBe(32);
  });

  // A DoS guard: the per-test timeout bounds a hang; bench/primitives.ts measures how fast it refuses.
  it('rejects 10,000 nested multiparts with a clean EngineError', () => {
    const input = nested(10_000);
    const err = expectMalformed(() => parseMime(input));
    expect(err.message).toMatch(/deeper than 32/);
    expectMalformed(() => parseMime(nested(5), { maxDepth: 4 }));
  }, 30_000);

  it('rejects nested message/rfc822 beyond maxDepth', () => {
    const input = enc('Content-Type: message/rfc822\r\n\r\n'.repeat(100) + 'x');
    expectMalformed(() => parseMime(input));
  });

  it('rejects more than maxParts parts', () => {
    const parts = '--b\r\n\r\nx\r\n'.repeat(2500);
    const input = enc(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`);
    expect(expectMalformed(() => parseMime(input)).message).toMatch(/more than 2000 parts/);
    expect(parseMime(input, { maxParts: 3000 }).children).toHaveLength(2500);
  });

  it('rejects an absurd number of header fields', () => {
    expectMalformed(() => parseMime(enc('A: b\r\n'.repeat(20)), { maxHeaders: 10 }));
  });
});
