import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeCrlf, countMissingCr, isCanonicalCrlf } from '../../src/crypto/mime/canonicalize-crlf';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('canonicalizeCrlf', () => {
  it('turns bare LF and lone CR into CRLF', () => {
    expect(dec(canonicalizeCrlf(enc('a\nb\r\nc\rd\n\n')))).toBe('a\r\nb\r\nc\r\nd\r\n\r\n');
    expect(dec(canonicalizeCrlf(enc('\r')))).toBe('\r\n');
    expect(dec(canonicalizeCrlf(enc('\n\r')))).toBe('\r\n\r\n');
    expect(dec(canonicalizeCrlf(enc('\r\r\n')))).toBe('\r\n\r\n');
  });

  it('returns the same array, uncopied, when already canonical', () => {
    const input = enc('Subject: x\r\n\r\nbody\r\n');
    expect(canonicalizeCrlf(input)).toBe(input);
    const empty = new Uint8Array(0);
    expect(canonicalizeCrlf(empty)).toBe(empty);
    expect(isCanonicalCrlf(input)).toBe(true);
    expect(isCanonicalCrlf(enc('a\nb'))).toBe(false);
  });

  it('matches a regex reference and is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '\r', '\n', '\r\n', ' ', 'é'), { maxLength: 40 }), (pieces) => {
        const s = pieces.join('');
        const once = canonicalizeCrlf(enc(s));
        expect(dec(once)).toBe(s.replace(/\r\n|\r|\n/g, '\r\n'));
        expect(canonicalizeCrlf(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('converts 10 MB of LF lines and then leaves them alone (speed: bench/primitives.ts)', () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x41);
    let lines = 0;
    for (let i = 76; i < big.length; i += 78, lines++) big[i] = 0x0a;
    const out = canonicalizeCrlf(big);
    expect(out.length).toBe(big.length + lines);
    expect(Array.from(out.subarray(0, 80))).toEqual([...Array(76).fill(0x41), 0x0d, 0x0a, 0x41, 0x41]);
    expect(canonicalizeCrlf(out)).toBe(out);
  });
});

/** The obvious byte-by-byte count that the word-at-a-time scan must agree with. */
function countMissingCrSimple(bytes: Uint8Array): number {
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) extra++;
    if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) extra++;
  }
  return extra;
}

describe('countMissingCr (word-at-a-time scan)', () => {
  it('agrees with the simple count at every alignment (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0x41, 0x0d, 0x0a, 0x09, 0x00, 0x0c, 0x0e, 0x8d, 0xff), { maxLength: 80 }),
        fc.integer({ min: 0, max: 3 }),
        (bytes, offset) => {
          const buf = new Uint8Array(bytes.length + offset);
          buf.set(bytes, offset);
          const view = buf.subarray(offset);
          expect(countMissingCr(view)).toBe(countMissingCrSimple(view));
          expect(isCanonicalCrlf(view)).toBe(countMissingCrSimple(view) === 0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('sees a line break in any byte of a word and across word boundaries', () => {
    for (let pos = 0; pos < 12; pos++) {
      const lf = new Uint8Array(12).fill(0x41);
      lf[pos] = 0x0a;
      expect(countMissingCr(lf)).toBe(1);
      if (pos < 11) {
        const pair = new Uint8Array(12).fill(0x41);
        pair[pos] = 0x0d;
        pair[pos + 1] = 0x0a;
        expect(countMissingCr(pair)).toBe(0);
      }
    }
  });
});
