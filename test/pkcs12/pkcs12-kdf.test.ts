// The synchronous hashes and the RFC 7292 KDF under the MAC and legacy PBE: node:crypto for the hashes,
// published PKCS#12 KDF vectors (as used by OpenSSL/Bouncy Castle test suites) and password encodings.
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { hashIterated, hashSync } from '../../src/crypto/hash/sync-sha';
import { bmpPassword, pkcs12Kdf, pkcs12PasswordCandidates } from '../../src/crypto/pkcs12/pkcs12-kdf';
import { fromHex, toHex } from '../../src/crypto/bytes';

describe('sync hashes', () => {
  it('match node:crypto on boundary lengths', () => {
    const names = [['SHA-1', 'sha1'], ['SHA-256', 'sha256'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']] as const;
    for (const len of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000]) {
      const d = randomBytes(len);
      for (const [ours, node] of names) {
        expect(toHex(hashSync(ours, d)), `${ours} ${len}`).toBe(createHash(node).update(d).digest('hex'));
      }
    }
  });
});

describe('iterated hashing (the KDF inner loop)', () => {
  it('equals hashing the previous output again, for every hash', () => {
    const names = [['SHA-1', 'sha1'], ['SHA-224', 'sha224'], ['SHA-256', 'sha256'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']] as const;
    for (const [ours, node] of names) {
      const first = createHash(node).update(randomBytes(7)).digest();
      let a = first;
      for (let r = 1; r <= 300; r++) {
        a = createHash(node).update(a).digest();
        if (r === 1 || r === 2 || r === 300) expect(toHex(hashIterated(ours, new Uint8Array(first), r)), `${ours} ${r}`).toBe(a.toString('hex'));
      }
    }
  });
});

describe('PKCS#12 KDF', () => {
  it('matches a straightforward RFC 7292 B.2 over slice boundaries (yields between slices)', async () => {
    const pw = bmpPassword('pässwörd');
    const salt = fromHex('0102030405060708');
    for (const [hash, node, iterations] of [['SHA-1', 'sha1', 40_000], ['SHA-256', 'sha256', 16_385], ['SHA-512', 'sha512', 3]] as const) {
      // n = 50 bytes takes two or three output blocks, so the I-update between blocks is exercised too.
      const v = hash === 'SHA-512' ? 128 : 64;
      const u = createHash(node).digest().length;
      const fill = (src: Uint8Array): Uint8Array => Uint8Array.from({ length: v * Math.ceil(src.length / v) }, (_, i) => src[i % src.length]);
      const I = new Uint8Array([...fill(salt), ...fill(pw)]);
      const out: number[] = [];
      while (out.length < 50) {
        let A: Buffer = createHash(node).update(Buffer.concat([Buffer.alloc(v, 1), I])).digest();
        for (let r = 1; r < iterations; r++) A = createHash(node).update(A).digest();
        out.push(...A);
        const B = Uint8Array.from({ length: v }, (_, i) => A[i % u]);
        for (let j = 0; j < I.length; j += v) {
          let carry = 1;
          for (let k = v - 1; k >= 0; k--) {
            const x = I[j + k] + B[k] + carry;
            I[j + k] = x & 0xff;
            carry = x >> 8;
          }
        }
      }
      expect(toHex(await pkcs12Kdf(hash, pw, salt, 1, iterations, 50)), hash).toBe(toHex(Uint8Array.from(out.slice(0, 50))));
    }
  });

  it('known vectors: "smeg" (ID 1 and 2, 1 iteration) and "queeg" (1000 iterations)', async () => {
    const smeg = bmpPassword('smeg');
    const salt = fromHex('0a58cf64530d823f');
    expect(toHex(await pkcs12Kdf('SHA-1', smeg, salt, 1, 1, 24))).toBe('8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3');
    expect(toHex(await pkcs12Kdf('SHA-1', smeg, salt, 2, 1, 8))).toBe('79993dfe048d3b76');
    expect(toHex(await pkcs12Kdf('SHA-1', bmpPassword('queeg'), fromHex('1682c0fc5b3f7ec5'), 1, 1000, 24))).toBe(
      '483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f',
    );
  });

  it('encodes passwords as BMPString with terminator; empty password tried both ways', () => {
    expect(toHex(bmpPassword('ab'))).toBe('006100620000');
    expect(toHex(bmpPassword('🔑'))).toBe('d83ddd110000');
    expect(pkcs12PasswordCandidates('').map(toHex)).toEqual(['0000', '']);
    expect(pkcs12PasswordCandidates('é').length).toBe(2);
  });
});
