// ECC-CMS-SharedInfo encoding (entityUInfo only with a ukm: PKI.js #335) and the X9.63 KDF against pyca's X963KDF.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { eccCmsSharedInfo, x963Kdf } from '../../src/crypto/primitives/ecdh-kdf';

const AES128_WRAP = fromHex('300b0609608648016503040105');

describe('ECC-CMS-SharedInfo', () => {
  it('omits entityUInfo when there is no ukm', () => {
    expect(toHex(eccCmsSharedInfo(AES128_WRAP, 16))).toBe('3015' + '300b0609608648016503040105' + 'a2060404' + '00000080');
  });
  it('includes [0] entityUInfo when a ukm is given', () => {
    expect(toHex(eccCmsSharedInfo(AES128_WRAP, 32, fromHex('0102')))).toBe('301b' + '300b0609608648016503040105' + 'a0040402' + '0102' + 'a2060404' + '00000100');
  });
});

describe('ANSI X9.63 KDF', () => {
  // Expected values from cryptography.hazmat.primitives.kdf.x963kdf.X963KDF (OpenSSL 4.0).
  it('SHA-256, 32 bytes', async () => {
    const out = await x963Kdf('SHA-256', fromHex('96c05619d56c328ab95fe84b18264b08725b85e33fd34f08'), fromHex('6137e0b6a3e4d4e3'), 32);
    expect(toHex(out)).toBe(X963_SHA256);
  });
  it('SHA-512, 70 bytes (two blocks, truncated)', async () => {
    const out = await x963Kdf('SHA-512', fromHex('0011223344'), fromHex('aabb'), 70);
    expect(toHex(out)).toBe(X963_SHA512);
  });
  it('refuses SHA-224 clearly', async () => {
    await expect(x963Kdf('SHA-224', new Uint8Array(4), new Uint8Array(0), 16)).rejects.toMatchObject({ code: 'unsupported-algorithm' });
  });
});

const X963_SHA256 = 'b5895f80e63fc63500728dfe411e35f5ac196ee4e2b832c5664205d4a6b7f7bc';
const X963_SHA512 = '90d4dfa77087b07053f534cd24d9a778321eae321f10be8652bdb1706426a0b24c8c3d1552682b6c92ccb4c830f4846c14d3b93ceee9d51fa13d6eaf29b478387831ec93d633';
