// Property tests: whatever bytes arrive, the parser terminates and throws nothing but EngineError,
// and every entity it reports is a consistent view of the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/crypto/errors';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { entityText } from '../../src/crypto/mime/decode-charset';
import { parseMime, type MimeEntity } from '../../src/crypto/mime/parse-mime';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function checkTree(e: MimeEntity, input: Uint8Array, seen: { n: number }): void {
  seen.n++;
  expect(e.start).toBeGreaterThanOrEqual(0);
  expect(e.end).toBeLessThanOrEqual(input.length);
  expect(e.start).toBeLessThanOrEqual(e.end);
  expect(e.raw.length).toBe(e.end - e.start);
  expect(e.bodyStart).toBeGreaterThanOrEqual(e.start);
  expect(e.bodyStart + e.body.length).toBe(e.end);
  expect(Buffer.from(e.raw).equals(Buffer.from(input.subarray(e.start, e.end)))).toBe(true);
  for (const c of e.children) {
    expect(c.start).toBeGreaterThanOrEqual(e.bodyStart);
    expect(c.end).toBeLessThanOrEqual(e.end);
    checkTree(c, input, seen);
  }
}

function parseSafely(input: Uint8Array): void {
  try {
    const e = parseMime(input);
    checkTree(e, input, { n: 0 });
    // Decoding helpers must also fail only with EngineError.
    for (const c of [e, ...e.children]) {
      try {
        decodeBody(c);
        entityText(c);
      } catch (err) {
        expect(err).toBeInstanceOf(EngineError);
      }
    }
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
  }
}

// MIME-ish building blocks so random input reaches the interesting paths.
const token = fc.constantFrom(
  'Content-Type: multipart/mixed; boundary=b\r\n',
  'Content-Type: multipart/mixed; boundary="b"\r\n',
  'Content-Type: multipart/signed; boundary=bb\r\n',
  'Content-Type: message/rfc822\r\n',
  'Content-Type: multipart/digest; boundary=b\r\n',
  'Content-Type: text/plain; charset=iso-2022-jp\r\n',
  'Content-Type: text/plain; title*0*=utf-8\'\'%E3; title*1*=%83%86\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  'Content-Transfer-Encoding: quoted-printable\r\n',
  'Content-Transfer-Encoding: x-weird\r\n',
  'Subject: =?utf-8?B?w6k=?= =?iso-2022-jp?Q?=1B$B?=\r\n',
  ' folded\r\n',
  '\r\n',
  '\n',
  '\r',
  '--b\r\n',
  '--b--\r\n',
  '--bb\r\n',
  '--b \r\n',
  'AAAA\r\n',
  '=41=\r\n',
  'text',
  ':',
  '-',
);

describe('parseMime properties', () => {
  it('random bytes: terminates, throws only EngineError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => parseSafely(b)), { numRuns: 400 });
  });

  it('random MIME-shaped input: consistent offsets, only EngineError', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (toks) => parseSafely(enc(toks.join('')))),
      { numRuns: 800 },
    );
  });

  it('truncating a valid nested message anywhere never throws', () => {
    const msg = enc(
      'Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n' +
        '--i\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nh=C3=A9llo\r\n--i\r\n' +
        'Content-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\ny\r\n--i--\r\n--o\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--o--\r\n',
    );
    for (let cut = 0; cut <= msg.length; cut++) {
      const input = msg.subarray(0, cut);
      const e = parseMime(input);
      checkTree(e, input, { n: 0 });
    }
  });

  it('deep nesting of random depth either parses or fails with EngineError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.boolean(), (depth, close) => {
        let s = '';
        for (let i = 0; i < depth; i++) s += `Content-Type: multipart/mixed; boundary=x${i % 3}\r\n\r\n--x${i % 3}\r\n`;
        s += '\r\nleaf';
        if (close) for (let i = depth - 1; i >= 0; i--) s += `\r\n--x${i % 3}--`;
        parseSafely(enc(s));
      }),
      { numRuns: 40 },
    );
  });
});
