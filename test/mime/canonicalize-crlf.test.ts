import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeCrlf, isCanonicalCrlf } from '../../src/crypto/mime/canonicalize-crlf';

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

  it('handles 10 MB quickly', () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x41);
    for (let i = 76; i < big.length; i += 78) big[i] = 0x0a;
    let t = performance.now();
    const out = canonicalizeCrlf(big);
    const tFix = performance.now() - t;
    t = performance.now();
    expect(canonicalizeCrlf(out)).toBe(out);
    const tNoop = performance.now() - t;
    console.log(`[crlf] 10 MB: convert ${tFix.toFixed(1)} ms, already-canonical check ${tNoop.toFixed(1)} ms`);
    expect(tFix).toBeLessThan(1000);
    expect(tNoop).toBeLessThan(500);
  });
});
