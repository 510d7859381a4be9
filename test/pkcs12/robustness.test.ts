// Hostile and damaged input: only EngineError ever escapes, truncation is damaged-file (never wrong-password),
// and iteration counts are capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readPkcs12 } from '../../src/crypto/pkcs12/read-pkcs12';
import { EngineError } from '../../src/crypto/errors';
import { parseBer, rawBytes } from '../../src/crypto/asn1/ber-reader';
import { derSmallInt as integer, derSequence as seq } from '../../src/crypto/asn1/der-writer';
import { exportPfx, makeIdentity, type OpensslIdentity } from './make-pfx';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (!(e instanceof EngineError)) throw e; // a TypeError etc. fails the test
    return e.code;
  }
}

describe('robustness', () => {
  let id: OpensslIdentity;
  let pfx: Uint8Array;
  beforeAll(() => {
    id = makeIdentity('ec');
    pfx = exportPfx(id, 'pw', ['-legacy']);
  });
  afterAll(() => id?.dir.cleanup());

  it('empty input is empty-file, garbage is damaged-file', async () => {
    expect(await codeOf(readPkcs12(new Uint8Array(0), 'pw'))).toBe('empty-file');
    expect(await codeOf(readPkcs12(new TextEncoder().encode('hello world'), 'pw'))).toBe('corrupt-file');
    expect(await codeOf(readPkcs12(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x02]), 'pw'))).toBe('corrupt-file');
  });

  it('every truncation of a valid file is damaged-file (cut short), never wrong-password', async () => {
    for (let n = 1; n < pfx.length; n += Math.max(1, Math.floor(pfx.length / 150))) {
      // Under 5 bytes nothing shows it was a PKCS#12 file at all.
      expect(await codeOf(readPkcs12(pfx.subarray(0, n), 'pw')), `length ${n}`).toBe(n < 5 ? 'corrupt-file' : 'damaged-file');
    }
  });

  it('fuzz: random bytes and random byte edits only ever raise EngineError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await codeOf(readPkcs12(bytes, 'pw'));
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(pfx.length - 1), fc.integer({ min: 1, max: 255 }), async (pos, x) => {
        const m = pfx.slice();
        m[pos] ^= x;
        const code = await codeOf(readPkcs12(m, 'pw'));
        expect(code).not.toBe('no error');
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  // The MAC digest's parameters are outside what the MAC covers, so only a strict reading notices them changed.
  it('a MAC digest algorithm with parameters other than NULL is damaged-file', async () => {
    const pfxNode = parseBer(pfx);
    const mac = pfxNode.children[2];
    const digestInfo = mac.children[0];
    const oid = rawBytes(digestInfo.children[0].children[0]);
    const withParams = (params: Uint8Array[]) =>
      seq(rawBytes(pfxNode.children[0]), rawBytes(pfxNode.children[1]),
        seq(seq(seq(oid, ...params), rawBytes(digestInfo.children[1])), rawBytes(mac.children[1]), rawBytes(mac.children[2])));
    expect(await codeOf(readPkcs12(withParams([Uint8Array.of(0x05, 0x00)]), 'pw'))).toBe('no error');
    expect(await codeOf(readPkcs12(withParams([]), 'pw'))).toBe('no error');
    for (const p of [[0x04, 0x00], [0x85, 0x00], [0x05, 0x01, 0x00], [0x30, 0x00]]) {
      expect(await codeOf(readPkcs12(withParams([Uint8Array.from(p)]), 'pw')), `params ${p}`).toBe('damaged-file');
    }
    expect(await codeOf(readPkcs12(withParams([Uint8Array.of(0x05, 0x00), Uint8Array.of(0x05, 0x00)]), 'pw'))).toBe('damaged-file');
  });

  it('deeply nested BER is rejected without a stack overflow', () => {
    const depth = 5000;
    const bytes = new Uint8Array(depth * 2 + 2);
    for (let i = 0; i < depth; i++) {
      bytes[2 * i] = 0x30;
      bytes[2 * i + 1] = 0x80;
    }
    expect(() => parseBer(bytes)).toThrow(/too deep/);
  });

  // A DoS guard: 2 billion iterations would run for hours; the per-test timeout bounds it (speed: bench).
  it('an absurd MAC iteration count is refused (too-large) before any work', async () => {
    const pfxNode = parseBer(pfx);
    const mac = pfxNode.children[2];
    const macData = seq(rawBytes(mac.children[0]), rawBytes(mac.children[1]), integer(2_000_000_000));
    const patched = seq(rawBytes(pfxNode.children[0]), rawBytes(pfxNode.children[1]), macData);
    expect(await codeOf(readPkcs12(patched, 'pw'))).toBe('too-large');
  }, 30_000);
});
