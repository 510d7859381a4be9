// The parser and verifier on hostile bytes: only EngineError ever escapes, and nothing hangs or blows the stack.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { parseBer as parseDer } from '../../src/crypto/asn1/ber-reader';
import { parseSignedData } from '../../src/crypto/cms/parse-signed-data';
import { verifySignedData } from '../../src/crypto/cms/verify-signed-data';
import { EngineError } from '../../src/crypto/errors';
import { scratch } from '../helpers/openssl';
import { type Scratch, makeIdentity, opensslSign } from './fixtures';

const content = utf8('Content-Type: text/plain\r\n\r\nfuzz me\r\n');
let s: Scratch;
let detached: Uint8Array;
let streamed: Uint8Array;

beforeAll(() => {
  s = scratch('cms-fuzz-');
  const id = makeIdentity(s, 'p256');
  detached = opensslSign(s, content, [id]);
  streamed = opensslSign(s, content, [id], ['-nodetach', '-stream']);
});
afterAll(() => s?.cleanup());

function engineErrorOrValue(f: () => unknown): 'ok' | 'engine-error' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof EngineError) return 'engine-error';
    throw e;
  }
}

async function verifyOutcome(bytes: Uint8Array, detachedContent?: Uint8Array): Promise<string> {
  try {
    return (await verifySignedData(bytes, { detachedContent })).status;
  } catch (e) {
    if (e instanceof EngineError) return `error:${e.code}`;
    throw e;
  }
}

describe('parseSignedData robustness', () => {
  it('every truncation of a real DER and BER message is a malformed EngineError', () => {
    for (const msg of [detached, streamed]) {
      for (let n = 0; n < msg.length; n++) {
        let err: unknown;
        try {
          parseSignedData(msg.subarray(0, n));
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(EngineError);
        expect((err as EngineError).code).toBe('malformed');
      }
    }
  });

  it('trailing garbage is rejected', () => {
    expect(() => parseSignedData(concatBytes(detached, Uint8Array.of(0)))).toThrow(EngineError);
  });

  it('random bytes never throw anything but EngineError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        engineErrorOrValue(() => parseSignedData(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('random structured prefixes (SEQUENCE/indefinite/long-form lengths) never throw anything but EngineError', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        Uint8Array.of(0x30, 0x80),
        Uint8Array.of(0x00, 0x00),
        Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff),
        Uint8Array.of(0x24, 0x80),
        Uint8Array.of(0xa0, 0x80),
        Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02),
        Uint8Array.of(0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f),
        Uint8Array.of(0x04, 0x81),
      ),
      fc.uint8Array({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        engineErrorOrValue(() => parseSignedData(concatBytes(...pieces)));
      }),
      { numRuns: 2000 },
    );
  });

  // DoS guards: each must refuse with its error code; the per-test timeout bounds a hang (speed: bench).
  it('huge declared lengths, deep nesting and element floods fail with EngineError', () => {
    expect(() => parseSignedData(Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01))).toThrow(/length exceeds/);
    expect(() => parseSignedData(Uint8Array.of(0x30, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1))).toThrow(EngineError);
    const deep = new Uint8Array(200_000);
    for (let i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = 0x80;
    }
    expect(() => parseSignedData(deep)).toThrow(/nesting too deep/);
    const flood = concatBytes(Uint8Array.of(0x30, 0x80), new Uint8Array(2_000_000).map((_, i) => (i % 2 === 0 ? 0x05 : 0x00)), Uint8Array.of(0, 0));
    let code = '';
    try {
      parseDer(flood);
    } catch (e) {
      code = (e as EngineError).code;
    }
    expect(code).toBe('too-large');
  }, 30_000);
});

describe('verifySignedData robustness', () => {
  it('single-byte mutations of real messages: only EngineError or a status', async () => {
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), async (useStreamed, pos, value) => {
        const base = useStreamed ? streamed : detached;
        const m = base.slice();
        m[pos % m.length] = value;
        const outcome = await verifyOutcome(m, useStreamed ? undefined : content);
        // Some bytes are not covered by any signature (certificate fields, the digestAlgorithms set), so a
        // mutation there may stay valid; most must not.
        if (outcome === 'valid') valid++;
        expect(['valid', 'invalid', 'malformed', 'signer-unknown', 'none', 'error:malformed', 'error:too-large']).toContain(outcome);
      }),
      { numRuns: 400 },
    );
    expect(valid).toBeLessThan(200);
  }, 60_000);

  it('length-byte mutations outside the certificates (each length octet set to 0x00, 0x80, 0x84, 0xff) never stay valid', async () => {
    const positions: number[] = [];
    const walk = (n: ReturnType<typeof parseDer>): void => {
      positions.push(n.start + 1);
      n.children.forEach(walk);
    };
    const root = parseDer(detached);
    walk(root);
    // Certificates are not covered by the CMS signature (their own signature is the trust layer's job).
    const certs = root.children[1].children[0].children.find((n) => n.cls === 2 && n.tag === 0)!;
    const outsideCerts = positions.filter((p) => p < certs.start || p >= certs.end);
    expect(outsideCerts.length).toBeGreaterThan(20);
    positions.length = 0;
    positions.push(...outsideCerts);
    for (const pos of positions) {
      for (const v of [0x00, 0x80, 0x84, 0xff]) {
        if (detached[pos] === v) continue;
        const m = detached.slice();
        m[pos] = v;
        const outcome = await verifyOutcome(m, content);
        expect(outcome).not.toBe('valid');
      }
    }
  });

  it('random bytes as a detached signature are an EngineError, never valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), async (bytes) => {
        expect(await verifyOutcome(bytes, content)).not.toBe('valid');
      }),
      { numRuns: 300 },
    );
  });
});
