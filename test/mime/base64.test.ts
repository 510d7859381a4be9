import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, base64EncodeToBytes, derToPem, pemBlocks, pemToDer } from '../../src/crypto/base64';
import { EngineError } from '../../src/crypto/errors';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function expectMalformed(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('malformed');
    return;
  }
  throw new Error('expected EngineError(malformed)');
}

describe('base64', () => {
  it('encodes and decodes the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      expect(base64Encode(enc(plain))).toBe(b64);
      expect(dec(base64Decode(b64))).toBe(plain);
      expect(dec(base64Decode(enc(b64)))).toBe(plain);
    }
  });

  it('matches Node for every byte value and wraps at 76 with CRLF', () => {
    const data = new Uint8Array(1000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) & 0xff;
    const flat = Buffer.from(data).toString('base64');
    expect(base64Encode(data)).toBe(flat);
    const wrapped = base64Encode(data, { lineLength: 76 });
    const lines = wrapped.split('\r\n');
    expect(lines.join('')).toBe(flat);
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(lines[lines.length - 1].length).toBeLessThanOrEqual(76);
    expect(wrapped.endsWith('\r\n')).toBe(false);
    expect(base64Encode(data, { lineLength: 64, newline: '\n' }).split('\n')[0]).toHaveLength(64);
    // Exactly one full line: no trailing line break.
    expect(base64Encode(new Uint8Array(57), { lineLength: 76 })).toHaveLength(76);
    expect(dec(base64EncodeToBytes(enc('foo')))).toBe('Zm9v');
  });

  it('rejects a line length that is not a multiple of 4', () => {
    expect(() => base64Encode(enc('x'), { lineLength: 75 })).toThrow(EngineError);
  });

  it('skips whitespace and line breaks anywhere, accepts missing padding', () => {
    expect(dec(base64Decode(' Zm9v\r\nYm\tFy \n'))).toBe('foobar');
    expect(dec(base64Decode('Z m 9 v Y g = ='))).toBe('foob');
    expect(dec(base64Decode('Zm9vYg'))).toBe('foob');
    expect(dec(base64Decode('Zm9vYmE'))).toBe('fooba');
    expect(dec(base64Decode('Zm9vYg==\r\n'))).toBe('foob');
  });

  it('rejects garbage, dangling characters and data after padding', () => {
    expectMalformed(() => base64Decode('Zm9v!'));
    expectMalformed(() => base64Decode('Zm9vY'));
    expectMalformed(() => base64Decode('Zg==Zg=='));
    expectMalformed(() => base64Decode('Zm9v='));
    expectMalformed(() => base64Decode('Zm-_'));
    expectMalformed(() => base64Decode('Zm9vé'));
    expectMalformed(() => base64Decode(new Uint8Array([0x5a, 0x6d, 0x00, 0x76])));
  });

  it('round-trips arbitrary bytes with and without wrapping (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(0, 4, 64, 76), (data, lineLength) => {
        const s = base64Encode(data, { lineLength });
        expect(Buffer.from(base64Decode(s)).equals(Buffer.from(data))).toBe(true);
        expect(s.replace(/\r\n/g, '')).toBe(Buffer.from(data).toString('base64'));
      }),
      { numRuns: 300 },
    );
  });

  it('decode only ever returns bytes or throws EngineError (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        try {
          base64Decode(s);
        } catch (e) {
          expect(e).toBeInstanceOf(EngineError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('encodes chunks as if joined, between a prefix and a suffix in one buffer (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 5 }),
        fc.uint8Array({ maxLength: 9 }),
        fc.uint8Array({ maxLength: 3 }),
        fc.constantFrom(0, 4, 8, 76),
        (chunks, prefix, suffix, lineLength) => {
          const joined = Uint8Array.from(chunks.flatMap((c) => Array.from(c)));
          const plain = base64EncodeToBytes(joined, { lineLength });
          const framed = base64EncodeToBytes(chunks, { lineLength, prefix, suffix });
          expect(Array.from(framed)).toEqual([...prefix, ...plain, ...suffix]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('decodes the same with CRLF, LF or mixed whitespace between lines, and returns no more than it decoded (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('\r\n', '\n', ' \r\n', '\r\n\t', '\r'), (data, nl) => {
        const wrapped = base64Encode(data, { lineLength: 8 }).replace(/\r\n/g, nl);
        const back = base64Decode(enc(wrapped));
        expect(Array.from(back)).toEqual(Array.from(data));
        expect(back.length).toBe(data.length);
      }),
      { numRuns: 1000 },
    );
    expectMalformed(() => base64Decode('QUFB\r\nQU$B\r\n'));
    expectMalformed(() => base64Decode('QUFB\r\nQQ==\r\nQUFB'));
  });

  it('round-trips 10 MB wrapped like Node does (speed: bench/primitives.ts)', () => {
    const N = 10 * 1024 * 1024;
    const data = new Uint8Array(N);
    for (let i = 0; i < N; i++) data[i] = (i * 2654435761) >>> 24;
    const text = base64Encode(data, { lineLength: 76 });
    expect(text).toBe(Buffer.from(data).toString('base64').replace(/(.{76})(?=.)/g, '$1\r\n'));
    const back = base64Decode(text);
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
  });
});

describe('PEM', () => {
  const der1 = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
  const der2 = new Uint8Array(200).map((_, i) => i);

  it('derToPem writes 64-character lines and pemToDer reads it back', () => {
    const pem = derToPem(der2, 'CERTIFICATE');
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines[lines.length - 1]).toBe('-----END CERTIFICATE-----');
    expect(lines[1]).toHaveLength(64);
    expect(pemToDer(pem)).toEqual([der2]);
  });

  it('returns every block, filtered by label, ignoring text around them and CRLF', () => {
    const text =
      'Bag Attributes\n  friendlyName: x\n' +
      derToPem(der1, 'CERTIFICATE') +
      'junk\r\n' +
      derToPem(der2, 'PRIVATE KEY').replace(/\n/g, '\r\n') +
      derToPem(der2, 'CERTIFICATE');
    expect(pemToDer(text)).toEqual([der1, der2, der2]);
    expect(pemToDer(text, 'CERTIFICATE')).toEqual([der1, der2]);
    expect(pemToDer(text, 'PRIVATE KEY')).toEqual([der2]);
    expect(pemBlocks(text).map((b) => b.label)).toEqual(['CERTIFICATE', 'PRIVATE KEY', 'CERTIFICATE']);
    expect(pemToDer('no pem here')).toEqual([]);
  });

  it('skips RFC 1421 encapsulated headers', () => {
    const body = base64Encode(der1);
    const text = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    expect(pemToDer(text)).toEqual([der1]);
  });

  // A DoS guard (linear scan): the per-test timeout bounds a hang; bench/primitives.ts times the refusal.
  it('refuses hostile input with many BEGIN lines', () => {
    const hostile = '-----BEGIN X-----\n'.repeat(100_000);
    expectMalformed(() => pemToDer(hostile));
  }, 30_000);

  it('rejects mismatched labels, unterminated blocks and bad base64', () => {
    expectMalformed(() => pemToDer('-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END PRIVATE KEY-----\n'));
    expectMalformed(() => pemToDer('-----BEGIN CERTIFICATE-----\nMAMCAQU=\n'));
    expectMalformed(() => pemToDer('-----BEGIN CERTIFICATE-----\nMAM*AQU=\n-----END CERTIFICATE-----\n'));
  });
});
