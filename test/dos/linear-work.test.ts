// Work and memory that grow with the input only linearly (issue 9, items 12, 15 and 16), counted, not timed.
import { afterEach, describe, expect, it } from 'vitest';
import { contentBytes, parseBer, type Asn1Node } from '../../src/crypto/asn1/ber-reader';
import { EngineError } from '../../src/crypto/errors';
import { decodeEncodedWords } from '../../src/crypto/mime/decode-header-words';

// Bytes copied by Uint8Array#set, the only way the engine joins byte arrays: a deterministic unit of work.
const realSet = Uint8Array.prototype.set;
let copied = 0;
function countCopies<T>(f: () => T): { result: T; copied: number } {
  copied = 0;
  Uint8Array.prototype.set = function (this: Uint8Array, src: ArrayLike<number>, offset?: number) {
    copied += src.length;
    return realSet.call(this, src, offset);
  } as typeof realSet;
  try {
    return { result: f(), copied };
  } finally {
    Uint8Array.prototype.set = realSet;
  }
}
afterEach(() => {
  Uint8Array.prototype.set = realSet;
});

describe('adjacent RFC 2047 encoded-words', () => {
  // Each word is "=?utf-8?B?" + 4 base64 characters (3 bytes) + "?=", separated by folding whitespace.
  const header = (words: number, charset = 'utf-8'): string => `=?${charset}?B?w6lh?= `.repeat(words);

  it('are joined with copying work proportional to their number', () => {
    const small = countCopies(() => decodeEncodedWords(header(4000)));
    const large = countCopies(() => decodeEncodedWords(header(8000)));
    expect(small.result).toBe('éa'.repeat(4000) + ' ');
    expect(large.result).toBe('éa'.repeat(8000) + ' ');
    expect(small.copied).toBeGreaterThan(0);
    // Joining word by word copies 3 + 6 + 9 + … bytes: quadratic. One join copies each byte once.
    expect(small.copied).toBeLessThanOrEqual(4 * 3 * 4000);
    expect(large.copied).toBeLessThanOrEqual(2.2 * small.copied);
  });

  it('still join a character split across two words, and keep other charsets apart', () => {
    // "é" is C3 A9: split over two words of the same charset it survives only a byte-level join.
    expect(decodeEncodedWords('=?utf-8?B?ww==?= =?utf-8?B?qQ==?=')).toBe('é');
    expect(decodeEncodedWords('=?utf-8?Q?a?= =?iso-8859-1?Q?=E9?=')).toBe('aé');
  });
});

function constructedOctetString(segments: number, segmentLength: number): Uint8Array {
  const body = 2 + segmentLength;
  const out = new Uint8Array(2 + segments * body + 2);
  out[0] = 0x24; // constructed OCTET STRING, indefinite length
  out[1] = 0x80;
  for (let i = 0; i < segments; i++) {
    out[2 + i * body] = 0x04;
    out[3 + i * body] = segmentLength;
    out.fill(i & 0xff, 4 + i * body, 4 + i * body + segmentLength);
  }
  return out;
}

describe('BER reader', () => {
  it('joins a 1 MB constructed string of 200,000 segments without a call per segment (no stack overflow)', () => {
    const input = constructedOctetString(200_000, 3);
    expect(input.length).toBeLessThan(1 << 20);
    const value = contentBytes(parseBer(input));
    expect(value.length).toBe(600_000);
    expect(value[3 * 199_999]).toBe(199_999 & 0xff);
  });

  it('refuses floods of tiny elements in proportion to the input, not at a fixed count', () => {
    // 2-byte NULLs: 400,000 elements in 800 KB, about 46 MB of nodes, 57x the input: refused.
    const flood = new Uint8Array(2 + 800_000 + 2);
    flood[0] = 0x30;
    flood[1] = 0x80;
    for (let i = 2; i < 800_002; i += 2) flood[i] = 0x05;
    let err: unknown;
    try {
      parseBer(flood);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('too-large');
  });

  it('still reads inputs denser than real DER up to one element per 4 bytes', () => {
    const input = constructedOctetString(100_000, 2); // 4 bytes per element
    const count = (n: Asn1Node): number => n.children.reduce((s, c) => s + count(c), 1);
    const root = parseBer(input);
    expect(count(root)).toBe(100_001);
    expect(count(root)).toBeLessThanOrEqual(1024 + input.length / 4);
  });
});
