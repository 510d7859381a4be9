import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/crypto/errors';
import {
  buildEntity,
  buildMessage,
  buildMessageContent,
  buildMessageHeaders,
  chooseTransferEncoding,
  formatDate,
} from '../../src/crypto/mime/build-mime';
import { entityText } from '../../src/crypto/mime/decode-charset';
import { decodeEncodedWords } from '../../src/crypto/mime/decode-header-words';
import { decodeBody } from '../../src/crypto/mime/decode-transfer-encoding';
import { encodeWords, formatParameterizedHeader, formatUnstructuredHeader } from '../../src/crypto/mime/encode-header';
import { parseAddressList } from '../../src/crypto/mime/parse-address';
import { parseParameterizedValue } from '../../src/crypto/mime/parse-content-type';
import { getHeader, getHeaders, parseMime, type MimeEntity } from '../../src/crypto/mime/parse-mime';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

function lines(b: Uint8Array): string[] {
  const s = latin(b);
  expect(s.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // only CRLF line endings
  return s.split('\r\n');
}

function headerLines(e: MimeEntity): string[] {
  return lines(e.headerBytes).filter((l) => l !== '');
}

describe('encode-header', () => {
  it('encodes non-ASCII subjects as UTF-8 B-words within 78 columns, never splitting characters', () => {
    const subject = 'Grüße aus Köln — 日本語のテキスト '.repeat(6) + '😀 end';
    const field = formatUnstructuredHeader('Subject', subject);
    const ls = field.split('\r\n').filter((l) => l !== '');
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(78);
    expect(ls.length).toBeGreaterThan(3);
    for (const w of field.match(/=\?UTF-8\?B\?([^?]*)\?=/g)!) {
      expect(w.length).toBeLessThanOrEqual(75);
      // each word decodes on its own to valid UTF-8 (no split characters)
      const payload = w.slice(10, -2);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(payload, 'base64'))).not.toThrow();
    }
    const parsed = parseMime(enc(`${field}\r\n`));
    expect(decodeEncodedWords(getHeader(parsed, 'subject')!)).toBe(subject);
  });

  it('folds long ASCII headers at spaces and keeps them byte-identical after unfolding', () => {
    const subject = 'word '.repeat(40).trim();
    const field = formatUnstructuredHeader('Subject', subject);
    for (const l of field.split('\r\n')) expect(l.length).toBeLessThanOrEqual(78);
    expect(field).not.toContain('=?');
    expect(getHeader(parseMime(enc(`${field}\r\n`)), 'subject')).toBe(subject);
  });

  it('does not let CR/LF in a value inject header fields', () => {
    const field = formatUnstructuredHeader('Subject', 'hi\r\nBcc: victim@example.com\nX: y');
    const e = parseMime(enc(`${field}\r\n`));
    expect(e.headers).toHaveLength(1);
    expect(getHeader(e, 'bcc')).toBeUndefined();
    expect(() => formatUnstructuredHeader('Bad Name', 'x')).toThrow(EngineError);
  });

  it('an ASCII value that looks like an encoded-word is itself encoded, so it reads back literally', () => {
    const field = formatUnstructuredHeader('Subject', '=?utf-8?q?fake?=');
    expect(decodeEncodedWords(getHeader(parseMime(enc(`${field}\r\n`)), 'subject')!)).toBe('=?utf-8?q?fake?=');
  });

  it('encodeWords respects a small first room', () => {
    const words = encodeWords('ééééééééééééééééééééééééééééééééééé', 30);
    expect(words[0].length).toBeLessThanOrEqual(30);
    expect(words.slice(1).every((w) => w.length <= 75)).toBe(true);
  });

  it('uses RFC 2231 for non-ASCII and long parameters, split without cutting characters', () => {
    const filename = '請求書_2026年1月_とても長いファイル名のテスト_ドキュメント.pdf';
    const field = formatParameterizedHeader('Content-Disposition', 'attachment', { filename });
    for (const l of field.split('\r\n')) expect(l.length).toBeLessThanOrEqual(78);
    expect(field).toMatch(/filename\*0\*=UTF-8''/);
    const value = parseMime(enc(`${field}\r\n`)).headers[0].value;
    expect(parseParameterizedValue(value).params.filename).toBe(filename);
    const short = formatParameterizedHeader('Content-Type', 'text/plain', { name: 'é.txt', charset: 'utf-8', x: 'a b"c' });
    expect(short).toContain("name*=UTF-8''%C3%A9.txt");
    expect(parseParameterizedValue(parseMime(enc(`${short}\r\n`)).headers[0].value).params).toMatchObject({
      name: 'é.txt',
      charset: 'utf-8',
      x: 'a b"c',
    });
  });
});

describe('buildEntity', () => {
  it('chooses 7bit, quoted-printable or base64 from the content', () => {
    expect(chooseTransferEncoding(enc('short ASCII\r\nlines\r\n'), 'text')).toBe('7bit');
    expect(chooseTransferEncoding(enc('trailing space \r\n'), 'text')).toBe('quoted-printable');
    expect(chooseTransferEncoding(enc('From here\r\n'), 'text')).toBe('quoted-printable');
    expect(chooseTransferEncoding(enc('x'.repeat(100)), 'text')).toBe('quoted-printable');
    expect(chooseTransferEncoding(enc('Grüße, mostly ASCII text'), 'text')).toBe('quoted-printable');
    expect(chooseTransferEncoding(enc('日本語のテキスト'), 'text')).toBe('base64');
    expect(chooseTransferEncoding(new Uint8Array([0, 1, 2, 255]), 'application')).toBe('base64');
    expect(chooseTransferEncoding(enc('ascii'), 'application')).toBe('7bit');
    expect(chooseTransferEncoding(enc('Grüße'), 'message')).toBe('8bit');
  });

  it('builds a leaf with CRLF, canonicalising text line endings', () => {
    const bytes = buildEntity({ contentType: 'text/plain', body: 'line 1\nline 2\n' });
    const e = parseMime(bytes);
    expect(e.contentType.params.charset).toBe('utf-8');
    expect(e.transferEncoding).toBe('7bit');
    expect(latin(e.body)).toBe('line 1\r\nline 2\r\n');
    lines(bytes);
  });

  it('base64 lines are at most 76 characters and round-trip binary data', () => {
    const data = new Uint8Array(5000).map((_, i) => (i * 7919) & 0xff);
    const bytes = buildEntity({ contentType: 'application/octet-stream', body: data, disposition: { type: 'attachment', filename: 'x.bin' } });
    const e = parseMime(bytes);
    expect(e.transferEncoding).toBe('base64');
    for (const l of lines(e.body)) expect(l.length).toBeLessThanOrEqual(76);
    expect(Buffer.from(decodeBody(e)).equals(Buffer.from(data))).toBe(true);
    expect(getHeader(e, 'content-disposition')).toBe('attachment; filename=x.bin');
  });

  it('quoted-printable body lines are at most 76 characters and decode to the text', () => {
    const text = `${'Grüße aus dem Büro in Köln. '.repeat(20)}\nline with trailing space \n.leading dot\nFrom the start\n${'x'.repeat(200)}`;
    const bytes = buildEntity({ contentType: 'text/plain', body: text });
    const e = parseMime(bytes);
    expect(e.transferEncoding).toBe('quoted-printable');
    for (const l of lines(e.body)) {
      expect(l.length).toBeLessThanOrEqual(76);
      expect(l).not.toMatch(/[ \t]$/);
      expect(l.startsWith('From ')).toBe(false);
      expect(l.startsWith('.')).toBe(false);
    }
    expect(entityText(e)).toBe(text.replace(/\n/g, '\r\n'));
  });

  it('multipart: random boundary absent from the content; verbatim parts come back byte-exact', () => {
    const signedPart = enc('Content-Type: text/plain\r\n\r\nsigned content with trailing spaces   \r\n\r\n');
    const bytes = buildEntity({
      contentType: 'multipart/signed',
      params: { protocol: 'application/pkcs7-signature', micalg: 'sha-256' },
      parts: [signedPart, { contentType: 'application/pkcs7-signature', params: { name: 'smime.p7s' }, body: new Uint8Array([1, 2, 3]) }],
    });
    const e = parseMime(bytes);
    expect(e.contentType.mediaType).toBe('multipart/signed');
    expect(e.contentType.params.protocol).toBe('application/pkcs7-signature');
    expect(e.boundary).toMatch(/^=_smime_[0-9a-f]{36}$/);
    expect(e.truncated).toBe(false);
    expect(e.children).toHaveLength(2);
    expect(Buffer.from(e.children[0].raw).equals(Buffer.from(signedPart))).toBe(true);
    expect([...decodeBody(e.children[1])]).toEqual([1, 2, 3]);
    // Two builds use different boundaries.
    const again = parseMime(buildEntity({ contentType: 'multipart/mixed', parts: [signedPart] }));
    expect(again.boundary).not.toBe(e.boundary);
  });

  it('a part containing a candidate boundary cannot break the structure (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), (parts) => {
        const e = parseMime(buildEntity({ contentType: 'multipart/mixed', parts }));
        expect(e.children).toHaveLength(parts.length);
        e.children.forEach((c, i) => expect(Buffer.from(c.raw).equals(Buffer.from(parts[i]))).toBe(true));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects invalid specs with invalid-argument', () => {
    for (const spec of [
      { contentType: 'text' },
      { contentType: 'multipart/mixed', parts: [] },
      { contentType: 'text/plain', parts: [new Uint8Array(0)] },
    ]) {
      try {
        buildEntity(spec);
        throw new Error('no throw');
      } catch (err) {
        expect((err as EngineError).code).toBe('invalid-argument');
      }
    }
  });
});

describe('buildMessage', () => {
  const spec = {
    from: { name: 'Jürgen Müller', address: 'juergen@example.de' },
    to: [{ name: 'Alice, the "Boss"', address: 'alice@example.com' }, 'bob@example.com', { name: '山田太郎', address: 'yamada@example.jp' }],
    cc: ['carol@example.com'],
    subject: 'Quartalsbericht — 「テスト」',
    date: new Date(Date.UTC(2026, 0, 26, 14, 38, 3)),
    messageId: 'abc123@example.de',
    inReplyTo: '<prev@example.com>',
    references: ['<a@example.com>', 'b@example.com'],
    body: { text: 'Hallo,\nanbei der Bericht.\n', html: '<p>Hallo, anbei der <b>Bericht</b>.</p>' },
    attachments: [{ filename: 'Bericht März.pdf', contentType: 'application/pdf', data: new Uint8Array(3000).fill(0x25) }],
  };

  it('builds a complete message that parses back to the same content', () => {
    const bytes = buildMessage(spec);
    const e = parseMime(bytes);
    expect(getHeader(e, 'date')).toBe('Mon, 26 Jan 2026 14:38:03 +0000');
    expect(getHeader(e, 'mime-version')).toBe('1.0');
    expect(getHeader(e, 'message-id')).toBe('<abc123@example.de>');
    expect(getHeader(e, 'in-reply-to')).toBe('<prev@example.com>');
    expect(getHeader(e, 'references')).toBe('<a@example.com> <b@example.com>');
    expect(decodeEncodedWords(getHeader(e, 'subject')!)).toBe(spec.subject);
    expect(parseAddressList(getHeader(e, 'from')!)).toEqual([{ name: 'Jürgen Müller', address: 'juergen@example.de' }]);
    expect(parseAddressList(getHeader(e, 'to')!)).toEqual([
      { name: 'Alice, the "Boss"', address: 'alice@example.com' },
      { address: 'bob@example.com' },
      { name: '山田太郎', address: 'yamada@example.jp' },
    ]);
    expect(getHeaders(e, 'cc')).toEqual(['carol@example.com']);

    expect(e.contentType.mediaType).toBe('multipart/mixed');
    const [alt, att] = e.children;
    expect(alt.contentType.mediaType).toBe('multipart/alternative');
    expect(entityText(alt.children[0])).toBe('Hallo,\r\nanbei der Bericht.\r\n');
    expect(alt.children[1].contentType.mediaType).toBe('text/html');
    expect(entityText(alt.children[1])).toBe(spec.body.html);
    expect(att.contentType.mediaType).toBe('application/pdf');
    expect(att.contentType.params.name).toBe('Bericht März.pdf');
    expect(parseParameterizedValue(getHeader(att, 'content-disposition')!).params.filename).toBe('Bericht März.pdf');
    expect(Buffer.from(decodeBody(att)).equals(Buffer.from(spec.attachments[0].data))).toBe(true);
  });

  it('every line is CRLF-terminated, ASCII, and header lines are at most 78 characters', () => {
    const bytes = buildMessage(spec);
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    const e = parseMime(bytes);
    const walk = (x: MimeEntity): void => {
      for (const l of headerLines(x)) expect(l.length).toBeLessThanOrEqual(78);
      for (const l of lines(x.body)) expect(l.length).toBeLessThanOrEqual(998);
      x.children.forEach(walk);
    };
    walk(e);
  });

  it('buildMessageHeaders + buildMessageContent let a signer wrap the content', () => {
    const content = buildEntity(buildMessageContent({ ...spec, attachments: [] }));
    const outer = parseMime(
      buildEntity({
        headers: buildMessageHeaders(spec),
        contentType: 'multipart/signed',
        params: { protocol: 'application/pkcs7-signature', micalg: 'sha-256' },
        parts: [content, { contentType: 'application/pkcs7-signature', body: new Uint8Array([0x30, 0x00]) }],
      }),
    );
    expect(Buffer.from(outer.children[0].raw).equals(Buffer.from(content))).toBe(true);
    expect(getHeader(outer, 'from')).toContain('juergen@example.de');
  });

  it('defaults: text only, generated Message-ID on the sender domain, current date', () => {
    const e = parseMime(buildMessage({ from: 'a@example.org', to: ['b@example.org'], body: { text: 'hi' } }));
    expect(e.contentType.mediaType).toBe('text/plain');
    expect(getHeader(e, 'message-id')).toMatch(/^<[0-9a-f]{32}@example\.org>$/);
    expect(Date.parse(getHeader(e, 'date')!)).toBeGreaterThan(Date.now() - 60_000);
    expect(getHeader(e, 'subject')).toBeUndefined();
  });

  it('rejects invalid addresses and message ids instead of emitting broken headers', () => {
    for (const bad of ['no-at-sign', 'a@b>\r\nBcc: x@y', 'a b@example.com']) {
      expect(() => buildMessage({ from: bad, body: { text: 'x' } })).toThrow(EngineError);
    }
    expect(() => buildMessage({ from: 'a@b.c', messageId: 'x y', body: { text: 'x' } })).toThrow(EngineError);
    expect(formatDate(new Date(0))).toBe('Thu, 1 Jan 1970 00:00:00 +0000');
  });

  it('round-trips random text bodies and subjects (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.string({ maxLength: 120, unit: 'grapheme' }), (text, subject) => {
        const bytes = buildMessage({ from: 'a@example.org', subject, body: { text } });
        const e = parseMime(bytes);
        expect(entityText(e)).toBe(text.replace(/\r\n|\r|\n/g, '\r\n'));
        // Surrounding whitespace is not significant in a header (and is trimmed differently when encoded).
        expect(decodeEncodedWords(getHeader(e, 'subject') ?? '').trim()).toBe(subject.replace(/[\r\n]+/g, ' ').trim());
        for (const l of headerLines(e)) expect(l.length).toBeLessThanOrEqual(78);
      }),
      { numRuns: 200 },
    );
  });
});
