// RC2 against the RFC 2268 §5 vectors and OpenSSL's rc2-40/64/128-cbc (legacy provider).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { rc2CbcDecrypt, rc2CbcEncrypt, rc2EncryptBlock, rc2VersionToBits } from '../../src/crypto/primitives/rc2';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { EngineError } from '../../src/crypto/errors';
import { openssl } from '../helpers/openssl';

describe('RC2 RFC 2268 §5 test vectors', () => {
  const vectors: [string, number, string, string][] = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
  ];
  it.each(vectors)('key %s, %i effective bits', (key, bits, pt, ct) => {
    expect(toHex(rc2EncryptBlock(fromHex(key), bits, fromHex(pt)))).toBe(ct);
    expect(toHex(rc2CbcDecrypt(fromHex(key), bits, new Uint8Array(8), fromHex(ct)))).toBe(pt);
  });
});

describe('RC2-CBC against OpenSSL', () => {
  it.each([
    ['rc2-40-cbc', 5, 40],
    ['rc2-64-cbc', 8, 64],
    ['rc2-cbc', 16, 128],
  ] as const)('%s', (cipher, keyLen, bits) => {
    const key = randomBytes(keyLen);
    const iv = randomBytes(8);
    const data = randomBytes(8 * 37);
    const r = openssl(['enc', `-${cipher}`, '-K', toHex(key), '-iv', toHex(iv), '-nopad', '-provider', 'legacy', '-provider', 'default'], data);
    expect(r.status, r.stderr).toBe(0);
    const ivHex = toHex(iv);
    expect(toHex(rc2CbcEncrypt(key, bits, iv, data))).toBe(toHex(r.stdout));
    expect(toHex(iv)).toBe(ivHex); // the caller's IV is not modified
    expect(toHex(rc2CbcDecrypt(key, bits, iv, r.stdout))).toBe(toHex(data));
  });

  it('maps RC2 parameter versions to effective bits and rejects bad input', () => {
    expect(rc2VersionToBits(160)).toBe(40);
    expect(rc2VersionToBits(120)).toBe(64);
    expect(rc2VersionToBits(58)).toBe(128);
    expect(() => rc2VersionToBits(7)).toThrow(EngineError);
    expect(() => rc2CbcDecrypt(new Uint8Array(0), 40, new Uint8Array(8), new Uint8Array(8))).toThrow(EngineError);
    expect(() => rc2CbcDecrypt(new Uint8Array(5), 40, new Uint8Array(8), new Uint8Array(9))).toThrow(EngineError);
  });
});
