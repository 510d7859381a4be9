// parseCertificate must turn every bad input into an EngineError (never a TypeError or a partial parse).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { certificateDer, parseCertificate, MAX_CERTIFICATE_BYTES } from '../../src/crypto/x509/parse-certificate';
import { decodePemBlocks, encodePem } from '../../src/crypto/x509/pem';
import { base64Decode as decodeBase64, base64Encode as encodeBase64 } from '../../src/crypto/base64';
import { isEngineError } from '../../src/crypto/errors';
import { summarizeCertificate } from '../../src/crypto/x509/summarize-certificate';
import { bytesEqual, concatBytes } from '../../src/crypto/bytes';
import { hasCorpus, readCorpus } from '../helpers/corpus';

function code(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!isEngineError(e)) throw e;
    return e.code;
  }
}

describe.skipIf(!hasCorpus)('parseCertificate on corpus certificates', () => {
  const pem = new TextDecoder().decode(readCorpus('thunderbird', 'tb-smime', 'TestCA.pem'));
  const der = decodePemBlocks(pem)[0];

  it('parses PEM text, PEM bytes and DER alike', () => {
    const a = parseCertificate(pem);
    const b = parseCertificate(new TextEncoder().encode(pem));
    const c = parseCertificate(der);
    expect(a.serialNumber.valueBlock.valueDec).toBe(1);
    expect(b.tbsView).toEqual(c.tbsView);
    expect(certificateDer(pem)).toEqual(der);
  });

  it('rejects trailing bytes and truncation', () => {
    expect(code(() => parseCertificate(concatBytes(der, new Uint8Array([0])))) ).toBe('malformed');
    expect(code(() => parseCertificate(der.subarray(0, der.length - 1)))).toBe('malformed');
  });

  it('shares one parse per DER (memo), never across different bytes, and summaries are fresh objects', async () => {
    const a = parseCertificate(der);
    expect(parseCertificate(der.slice())).toBe(a);
    expect(parseCertificate(pem)).toBe(a);
    const other = der.slice();
    other[other.length - 1] ^= 1; // signature byte: still parses, but is another certificate
    expect(parseCertificate(other)).not.toBe(a);
    const s1 = await summarizeCertificate(der);
    const s2 = await summarizeCertificate(der.slice());
    expect(s2).toEqual(s1);
    expect(s2).not.toBe(s1);
    expect(s2.emails).not.toBe(s1.emails);
  });

  it('round-trips PEM encoding', () => {
    expect(decodePemBlocks(encodePem(der))[0]).toEqual(der);
  });

  it('never throws anything but EngineError on mutated certificates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bad = der.slice();
        bad[i] ^= x;
        code(() => parseCertificate(bad)); // must not throw a non-EngineError
        return true;
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseCertificate on garbage', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['not a sequence', new Uint8Array([0x02, 0x01, 0x00])],
    ['a bare empty sequence', new Uint8Array([0x30, 0x00])],
    ['random text', new TextEncoder().encode('hello world')],
  ])('%s -> malformed', (_n, bytes) => {
    expect(code(() => parseCertificate(bytes))).toBe('malformed');
  });

  it('PEM without a CERTIFICATE block -> malformed', () => {
    expect(code(() => parseCertificate('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'))).toBe('malformed');
    expect(code(() => parseCertificate('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'))).toBe('malformed');
  });

  it('oversized input -> too-large', () => {
    const big = new Uint8Array(MAX_CERTIFICATE_BYTES + 10);
    big[0] = 0x30;
    expect(code(() => parseCertificate(big))).toBe('too-large');
  });

  it('random bytes never escape as TypeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const c = code(() => parseCertificate(bytes));
        return c === 'malformed' || c === 'too-large';
      }),
      { numRuns: 300 },
    );
  });
});

describe('base64', () => {
  it('round-trips and rejects junk', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => bytesEqual(decodeBase64(encodeBase64(b)), b)));
    expect(encodeBase64(new TextEncoder().encode('any carnal pleas'))).toBe('YW55IGNhcm5hbCBwbGVhcw==');
    expect(code(() => decodeBase64('ab$c'))).toBe('malformed');
  });
});
