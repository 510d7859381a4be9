// The synchronous hashes and the RFC 7292 KDF under the MAC and legacy PBE: node:crypto for the hashes,
// published PKCS#12 KDF vectors (as used by OpenSSL/Bouncy Castle test suites) and password encodings.
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { hashSync } from '../../src/crypto/hash/sync-sha';
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

describe('PKCS#12 KDF', () => {
  it('known vectors: "smeg" (ID 1 and 2, 1 iteration) and "queeg" (1000 iterations)', () => {
    const smeg = bmpPassword('smeg');
    const salt = fromHex('0a58cf64530d823f');
    expect(toHex(pkcs12Kdf('SHA-1', smeg, salt, 1, 1, 24))).toBe('8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3');
    expect(toHex(pkcs12Kdf('SHA-1', smeg, salt, 2, 1, 8))).toBe('79993dfe048d3b76');
    expect(toHex(pkcs12Kdf('SHA-1', bmpPassword('queeg'), fromHex('1682c0fc5b3f7ec5'), 1, 1000, 24))).toBe(
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
