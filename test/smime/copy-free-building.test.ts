// The copy-avoiding builders must write exactly the bytes of the simple ones: DER chunks vs nested tlv,
// buildEntityAfter vs prefix + buildEntity, the zero-copy content entity vs a re-assembled one, and the
// certificate memo must hand back the same parse for the same DER only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8, latin1 } from '../../src/crypto/bytes';
import { chunksLength, coalesceChunks, concatChunks, tlv, tlvChunks, tlvHeader } from '../../src/crypto/asn1/der-writer';
import { parseBer } from '../../src/crypto/asn1/ber-reader';
import { buildEntity, buildEntityAfter } from '../../src/crypto/mime/build-mime';
import { splitMessageForSmime } from '../../src/crypto/smime/prepare-content-entity';
import { BytesCache } from '../../src/crypto/bounded-cache';
import { ecdsaDerToP1363, ecdsaDerToP1363Strict, ecdsaP1363ToDer } from '../../src/crypto/cms/ecdsa-signature';
import { EngineError } from '../../src/crypto/errors';

describe('DER written in chunks', () => {
  it('tlvHeader + contents equals tlv, for short and long lengths', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
      const body = new Uint8Array(n).fill(0x5a);
      expect(concatBytes(tlvHeader(0x04, n), body)).toEqual(tlv(0x04, body));
    }
  });

  it('nested tlvChunks, coalesced, equal the nested tlv encoding and keep a large last field uncopied (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 0, maxLength: 3000 }), (small, big) => {
        const simple = tlv(0x30, tlv(0x06, small), tlv(0xa0, tlv(0x30, tlv(0x04, small), tlv(0x80, big))));
        const chunks = tlvChunks(0x30, tlv(0x06, small), tlvChunks(0xa0, tlvChunks(0x30, tlv(0x04, small), tlvChunks(0x80, big))));
        expect(chunksLength(chunks)).toBe(simple.length);
        const packed = coalesceChunks(chunks, 1000);
        expect(concatChunks(packed)).toEqual(simple);
        if (big.length >= 1000) expect(packed[packed.length - 1]).toBe(big); // the same array, not a copy
        expect(parseBer(simple).end).toBe(simple.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('MIME built in one buffer', () => {
  const spec = {
    contentType: 'application/pkcs7-mime',
    params: { 'smime-type': 'enveloped-data', name: 'smime.p7m' },
    disposition: { type: 'attachment' as const, filename: 'smime.p7m' },
    headers: [{ name: 'Content-Description', value: 'S/MIME Encrypted Message' }],
    transferEncoding: 'base64' as const,
  };

  it('buildEntityAfter(prefix, spec) is prefix + buildEntity(spec), also with a chunked base64 body (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }), fc.uint8Array({ maxLength: 50 }), (chunks, prefix) => {
        const joined = concatBytes(...chunks);
        const simple = concatBytes(prefix, buildEntity({ ...spec, body: joined }));
        expect(buildEntityAfter(prefix, { ...spec, body: chunks })).toEqual(simple);
        expect(buildEntityAfter(prefix, { ...spec, body: joined })).toEqual(simple);
      }),
      { numRuns: 300 },
    );
  });

  it('a chunked text body is joined and canonicalised like a single one', () => {
    const a = buildEntity({ contentType: 'text/plain', body: [utf8('line one\n'), utf8('line two\n')] });
    const b = buildEntity({ contentType: 'text/plain', body: utf8('line one\nline two\n') });
    expect(latin1(a)).toBe(latin1(b));
    expect(latin1(a)).toContain('line one\r\nline two\r\n');
  });
});

describe('splitMessageForSmime without copying the body', () => {
  const body = 'Hello,\r\n\r\nplain ASCII body.\r\n';
  const contentLast = `From: a@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Language: en\r\n\r\n${body}`;
  const contentFirst = `Content-Type: text/plain; charset=us-ascii\r\nFrom: a@example.com\r\nContent-Language: en\r\nSubject: s\r\nMIME-Version: 1.0\r\n\r\n${body}`;
  const expected = `Content-Type: text/plain; charset=us-ascii\r\nContent-Language: en\r\n\r\n${body}`;

  it('gives the same content whether the Content-* fields are adjacent (a view) or scattered (a copy)', () => {
    const m1 = utf8(contentLast);
    const s1 = splitMessageForSmime(m1);
    expect(latin1(s1.content)).toBe(expected);
    expect(s1.content.buffer).toBe(m1.buffer); // a view of the input
    const s2 = splitMessageForSmime(utf8(contentFirst));
    expect(latin1(s2.content)).toBe(expected);
    expect(latin1(s1.outerHeaders)).toBe(latin1(s2.outerHeaders));
    expect(latin1(s1.outerHeaders)).toBe('From: a@example.com\r\nSubject: s\r\n');
  });

  it('a bare-LF message is canonicalised first, so the content is CRLF either way', () => {
    const s = splitMessageForSmime(utf8(contentLast.replace(/\r\n/g, '\n')));
    expect(latin1(s.content)).toBe(expected);
  });
});

describe('BytesCache', () => {
  it('returns values by byte content, evicts the least recently used, and copies its keys', () => {
    const c = new BytesCache<string>(2);
    const k1 = Uint8Array.of(1, 2, 3);
    c.set(k1, 'one');
    c.set(Uint8Array.of(4), 'four');
    expect(c.get(Uint8Array.of(1, 2, 3))).toBe('one'); // equal bytes, other array; now most recent
    c.set(Uint8Array.of(5), 'five'); // evicts [4]
    expect(c.get(Uint8Array.of(4))).toBeUndefined();
    expect(c.get(k1)).toBe('one');
    expect(c.size).toBe(2);
    k1[0] = 9; // mutating the caller's array must not change what is cached
    expect(c.get(Uint8Array.of(1, 2, 3))).toBe('one');
    expect(c.get(k1)).toBeUndefined();
  });
});

describe('ECDSA signature conversion: lenient for CMS, strict for certificates', () => {
  const raw = new Uint8Array(64).map((_, i) => i + 1);
  const der = ecdsaP1363ToDer(raw);

  it('both accept canonical DER', () => {
    expect(ecdsaDerToP1363(der, 'P-256')).toEqual(raw);
    expect(ecdsaDerToP1363Strict(der, 32)).toEqual(raw);
  });

  it('only the strict form rejects a long-form length or a redundant zero byte', () => {
    const longForm = concatBytes(Uint8Array.of(0x30, 0x81, der[1]), der.subarray(2));
    expect(ecdsaDerToP1363(longForm, 'P-256')).toEqual(raw);
    expect(() => ecdsaDerToP1363Strict(longForm, 32)).toThrow(EngineError);
    // r with a needless leading 00 (r's top bit is clear, so no sign byte is due)
    const r = der.subarray(4, 4 + der[3]);
    const s = der.subarray(4 + der[3]);
    const padded = concatBytes(Uint8Array.of(0x30, der[1] + 1, 0x02, r.length + 1, 0x00), r, s);
    expect(ecdsaDerToP1363(padded, 'P-256')).toEqual(raw);
    expect(() => ecdsaDerToP1363Strict(padded, 32)).toThrow(/canonical/);
  });
});
