import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/crypto/errors';
import { decodeText, entityText, resolveCharset } from '../../src/crypto/mime/decode-charset';
import { decodeEncodedWords, decodeRfc2231Params } from '../../src/crypto/mime/decode-header-words';
import { decodeBody, decodeQuotedPrintable, decodeTransferEncoding } from '../../src/crypto/mime/decode-transfer-encoding';
import { encodeQuotedPrintable } from '../../src/crypto/mime/encode-quoted-printable';
import { parseContentType, parseParameterizedValue } from '../../src/crypto/mime/parse-content-type';
import { getHeader, parseMime } from '../../src/crypto/mime/parse-mime';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

// 「テスト」 in each Japanese encoding (JIS X 0208: 「=2156 テ=2546 ス=2539 ト=2548 」=2157).
const TESUTO = '「テスト」';
const UTF8_TESUTO = enc(TESUTO);
const SJIS_TESUTO = bytes(0x81, 0x75, 0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x81, 0x76);
const EUCJP_TESUTO = bytes(0xa1, 0xd6, 0xa5, 0xc6, 0xa5, 0xb9, 0xa5, 0xc8, 0xa1, 0xd7);
const JIS_TESUTO = bytes(0x1b, 0x24, 0x42, 0x21, 0x56, 0x25, 0x46, 0x25, 0x39, 0x25, 0x48, 0x21, 0x57, 0x1b, 0x28, 0x42);

describe('decodeTransferEncoding', () => {
  it('passes 7bit, 8bit, binary and absent encodings through unchanged', () => {
    const body = bytes(0x41, 0xff, 0x00, 0x0d, 0x0a);
    for (const e of ['7bit', '8BIT', 'binary', undefined, ' 7bit ']) expect(decodeTransferEncoding(body, e)).toBe(body);
  });

  it('decodes base64 with line breaks and rejects garbage', () => {
    expect(latin(decodeTransferEncoding(enc('SGVs\r\nbG8=\r\n'), 'Base64'))).toBe('Hello');
    expect(() => decodeTransferEncoding(enc('SGVs*bG8='), 'base64')).toThrow(EngineError);
  });

  it('decodes quoted-printable: hex, soft breaks, trailing whitespace, stray "="', () => {
    const qp = enc('caf=C3=A9 =\r\nsuite=3D1   \r\nsoft=  \r\nend=\nlow=c3=a9 a=ZZ =');
    expect(new TextDecoder().decode(decodeQuotedPrintable(qp))).toBe('café suite=1\r\nsoftendlowé a=ZZ ');
  });

  it('quoted-printable encode/decode round-trips arbitrary bytes in binary mode and text in text mode', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const qp = encodeQuotedPrintable(data, { binary: true });
        expect(Buffer.from(decodeQuotedPrintable(qp)).equals(Buffer.from(data))).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\t', '=', 'é', '\r\n', '.', 'From ', 'x'.repeat(70)), { maxLength: 40 }), (p) => {
        const text = enc(p.join(''));
        const qp = encodeQuotedPrintable(text);
        expect(Buffer.from(decodeQuotedPrintable(qp)).equals(Buffer.from(text))).toBe(true);
        for (const line of latin(qp).split('\r\n')) {
          expect(line.length).toBeLessThanOrEqual(76);
          expect(line).not.toMatch(/[ \t]$/);
          expect(line.startsWith('.')).toBe(false);
          expect(line.startsWith('From ')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws unsupported-algorithm for unknown encodings (documented choice)', () => {
    try {
      decodeTransferEncoding(enc('begin 644 x'), 'x-uuencode');
      throw new Error('no throw');
    } catch (e) {
      expect((e as EngineError).code).toBe('unsupported-algorithm');
    }
  });

  it('decodeBody uses the entity header', () => {
    const e = parseMime(enc('Content-Transfer-Encoding: quoted-printable\r\n\r\na=3Db'));
    expect(latin(decodeBody(e))).toBe('a=b');
  });
});

describe('decodeText / entityText', () => {
  it('decodes 「テスト」 from ISO-2022-JP, Shift_JIS (all aliases), EUC-JP and UTF-8', () => {
    expect(decodeText(JIS_TESUTO, 'ISO-2022-JP').text).toBe(TESUTO);
    for (const cs of ['Shift_JIS', 'shift-jis', 'sjis', 'cp932', 'CP932', 'windows-31j', 'x-sjis', 'MS932']) {
      expect(decodeText(SJIS_TESUTO, cs)).toEqual({ text: TESUTO, encoding: 'shift_jis', fallback: false });
    }
    expect(decodeText(EUCJP_TESUTO, 'euc-jp').text).toBe(TESUTO);
    expect(decodeText(EUCJP_TESUTO, 'x-euc-jp').text).toBe(TESUTO);
    expect(decodeText(UTF8_TESUTO, 'utf-8').text).toBe(TESUTO);
    expect(decodeText(UTF8_TESUTO, '"UTF8"').text).toBe(TESUTO);
  });

  it('decodes ISO-8859-* and windows-125x', () => {
    expect(decodeText(bytes(0xe9), 'iso-8859-1').text).toBe('é');
    expect(decodeText(bytes(0xa4), 'ISO-8859-15').text).toBe('€');
    expect(decodeText(bytes(0xb1), 'iso-8859-2').text).toBe('ą');
    expect(decodeText(bytes(0x80), 'windows-1252').text).toBe('€');
    expect(decodeText(bytes(0x93, 0x41, 0x94, 0x81), 'iso-8859-1').text).toBe('“A”\u0081');
    expect(decodeText(bytes(0xc0), 'windows-1251').text).toBe('А');
    expect(decodeText(bytes(0xc0), 'cp-1251').text).toBe('А');
    expect(resolveCharset('latin1')).toBe('windows-1252');
    expect(resolveCharset('x-nonsense')).toBeUndefined();
  });

  it('falls back to UTF-8 with replacement for unknown and refused charsets, and says so', () => {
    expect(decodeText(enc('é'), 'x-nonsense')).toEqual({ text: 'é', encoding: 'utf-8', fallback: true });
    expect(decodeText(bytes(0xff), 'x-nonsense').text).toBe('\ufffd');
    // UTF-7 is refused: "+ADw-script+AD4-" must not become "<script>".
    const r = decodeText(enc('+ADw-script+AD4-'), 'utf-7');
    expect(r.fallback).toBe(true);
    expect(r.text).toBe('+ADw-script+AD4-');
  });

  it('undeclared charset: UTF-8 when valid, else windows-1252', () => {
    expect(decodeText(enc('é'), undefined).text).toBe('é');
    expect(decodeText(bytes(0xe9), 'us-ascii').text).toBe('é');
  });

  it('entityText undoes transfer encoding and charset (ISO-2022-JP body, Shift_JIS base64, EUC-JP QP)', () => {
    const jis = parseMime(new Uint8Array([...enc('Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'), ...JIS_TESUTO]));
    expect(entityText(jis)).toBe(TESUTO);
    const sjis = parseMime(enc(`Content-Type: text/plain; charset="Shift_JIS"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(SJIS_TESUTO)}\r\n`));
    expect(entityText(sjis)).toBe(`${TESUTO}`);
    const qp = [...EUCJP_TESUTO].map((b) => `=${b.toString(16).toUpperCase()}`).join('');
    const euc = parseMime(enc(`Content-Type: text/plain; charset=euc-jp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp}`));
    expect(entityText(euc)).toBe(TESUTO);
  });
});

describe('RFC 2047 encoded-words', () => {
  it('decodes B and Q words in any case, with underscores as spaces', () => {
    expect(decodeEncodedWords('=?UTF-8?B?Q2Fmw6k=?=')).toBe('Café');
    expect(decodeEncodedWords('=?iso-8859-1?q?Caf=E9_au_lait?=')).toBe('Café au lait');
    expect(decodeEncodedWords('plain text')).toBe('plain text');
  });

  it('joins adjacent encoded-words without the whitespace between them, keeps other text', () => {
    expect(decodeEncodedWords('=?utf-8?q?a?= =?utf-8?q?b?=')).toBe('ab');
    expect(decodeEncodedWords('=?utf-8?q?a?=\r\n\t=?iso-8859-1?q?b?=')).toBe('ab');
    expect(decodeEncodedWords('x =?utf-8?q?a?= y =?utf-8?q?b?= z')).toBe('x a y b z');
  });

  it('joins a UTF-8 character split across two words', () => {
    // "é" = C3 A9 split between words.
    expect(decodeEncodedWords('=?UTF-8?B?w6==?= =?UTF-8?Q?=A9t=C3=A9?=')).toBe('été');
    expect(decodeEncodedWords('=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=')).toBe('é');
  });

  it('decodes an ISO-2022-JP subject, also split mid-sequence across words', () => {
    expect(decodeEncodedWords(`=?ISO-2022-JP?B?${b64(JIS_TESUTO)}?=`)).toBe(TESUTO);
    const a = JIS_TESUTO.subarray(0, 7);
    const b = JIS_TESUTO.subarray(7);
    expect(decodeEncodedWords(`Re: =?iso-2022-jp?B?${b64(a)}?=\r\n =?iso-2022-jp?B?${b64(b)}?=`)).toBe(`Re: ${TESUTO}`);
    const subject = parseMime(enc(`Subject: =?ISO-2022-JP?B?${b64(JIS_TESUTO)}?=\r\n\r\n`));
    expect(decodeEncodedWords(getHeader(subject, 'subject')!)).toBe(TESUTO);
  });

  it('decodes Shift_JIS and EUC-JP words, and RFC 2231 language suffixes', () => {
    expect(decodeEncodedWords(`=?Shift_JIS?B?${b64(SJIS_TESUTO)}?=`)).toBe(TESUTO);
    expect(decodeEncodedWords(`=?EUC-JP?B?${b64(EUCJP_TESUTO)}?=`)).toBe(TESUTO);
    expect(decodeEncodedWords('=?US-ASCII*EN?Q?Keith_Moore?=')).toBe('Keith Moore');
  });

  it('leaves malformed words as written and never throws (property)', () => {
    expect(decodeEncodedWords('=?utf-8?B?###?=')).toBe('=?utf-8?B?###?=');
    expect(decodeEncodedWords('=?utf-8?X?abc?=')).toBe('=?utf-8?X?abc?=');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        expect(typeof decodeEncodedWords(`=?utf-8?B?${s}?= ${s} =?x?q?${s}?=`)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('RFC 2231 parameters and Content-Type', () => {
  it('joins continuations in numeric order and decodes charset\'lang\'value', () => {
    const ct = parseContentType(
      "application/x-stuff; title*2=\" isn't it!\"; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A",
    );
    expect(ct.params.title).toBe("This is even more ***fun*** isn't it!");
    const jp = parseParameterizedValue(`attachment; filename*=UTF-8''${encodeURIComponent('テスト.pdf')}`);
    expect(jp).toMatchObject({ value: 'attachment' });
    expect(jp.params.filename).toBe('テスト.pdf');
    const sjis = [...SJIS_TESUTO].map((b) => `%${b.toString(16)}`).join('');
    expect(parseParameterizedValue(`attachment; filename*0*=shift_jis''${sjis.slice(0, 12)}; filename*1*=${sjis.slice(12)}`).params.filename).toBe(TESUTO);
  });

  it('handles comments, quoted strings with escapes, case and missing sections', () => {
    const ct = parseContentType('Text/HTML (comment; x=y) ; Charset = "utf-8" ; name="a \\"b\\".html"; (c) format=flowed');
    expect(ct.mediaType).toBe('text/html');
    expect(ct.params.charset).toBe('utf-8');
    expect(ct.params.name).toBe('a "b".html');
    expect(ct.params.format).toBe('flowed');
    expect(decodeRfc2231Params([{ name: 'x*0', value: 'a' }, { name: 'x*2', value: 'c' }]).x).toBe('a');
    expect(decodeRfc2231Params([{ name: 'x', value: 'plain' }, { name: 'x*', value: "utf-8''ext" }]).x).toBe('ext');
  });

  it('parameter names like __proto__ cannot pollute anything', () => {
    const ct = parseContentType('text/plain; __proto__=x; constructor=y');
    expect(ct.params.constructor).toBe('y');
    expect(Object.getPrototypeOf(ct.params)).toBe(null);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(parseContentType('text/plain').params.toString).toBeUndefined();
  });
});
