// DES / 3DES-CBC against NIST vectors (SP 800-20 single-DES KATs run as 3DES with K1=K2=K3, SP 800-67 TDEA
// example), against OpenSSL, and for speed (multi-MB 3DES mail must stay usable).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { desCbcDecrypt, desCbcEncrypt, tripleDesCbcDecrypt, tripleDesCbcEncrypt } from '../../src/crypto/primitives/des3';
import { pkcs7Pad, pkcs7Unpad } from '../../src/crypto/primitives/cbc-padding';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { EngineError } from '../../src/crypto/errors';
import { openssl } from '../helpers/openssl';

const zeroIv = new Uint8Array(8);
const ecb3 = (key: string, pt: string): string => toHex(tripleDesCbcEncrypt(fromHex(key), zeroIv, fromHex(pt)));

describe('3DES known-answer vectors', () => {
  it('SP 800-20 variable-plaintext / variable-key KATs (K1=K2=K3 degenerates to DES)', () => {
    const k = '0101010101010101'.repeat(3);
    expect(ecb3(k, '8000000000000000')).toBe('95f8a5e5dd31d900');
    expect(ecb3(k, '4000000000000000')).toBe('dd7f121ca5015619');
    expect(ecb3(k, '2000000000000000')).toBe('2e8653104f3834ea');
    expect(ecb3('8001010101010101'.repeat(3), '0000000000000000')).toBe('95a8d72813daa94d');
    expect(toHex(desCbcEncrypt(fromHex('133457799bbcdff1'), zeroIv, fromHex('0123456789abcdef')))).toBe('85e813540f0ab405');
  });

  it('SP 800-67 TDEA example (three distinct keys), both directions', () => {
    const key = '0123456789abcdef23456789abcdef01456789abcdef0123';
    const pts = ['5468652071756663', '6b2062726f776e20', '666f78206a756d70'];
    const cts = ['a826fd8ce53b855f', 'cce21c8112256fe6', '68d5c05dd9b6b900'];
    pts.forEach((p, i) => {
      expect(ecb3(key, p)).toBe(cts[i]);
      expect(toHex(tripleDesCbcDecrypt(fromHex(key), zeroIv, fromHex(cts[i])))).toBe(p);
    });
  });

  it('two-key 3DES (16-byte key) equals K1,K2,K1', () => {
    const k = randomBytes(16);
    const k3 = new Uint8Array([...k, ...k.subarray(0, 8)]);
    const data = randomBytes(64);
    const iv = randomBytes(8);
    expect(toHex(tripleDesCbcEncrypt(k, iv, data))).toBe(toHex(tripleDesCbcEncrypt(k3, iv, data)));
  });
});

describe('3DES-CBC against OpenSSL', () => {
  it('encrypt and decrypt match openssl enc -des-ede3-cbc -nopad for random keys/IVs/sizes', () => {
    for (const size of [8, 64, 1000 * 8]) {
      const key = randomBytes(24);
      const iv = randomBytes(8);
      const data = randomBytes(size);
      const r = openssl(['enc', '-des-ede3-cbc', '-K', toHex(key), '-iv', toHex(iv), '-nopad'], data);
      expect(r.status).toBe(0);
      expect(toHex(tripleDesCbcEncrypt(key, iv, data))).toBe(toHex(r.stdout));
      expect(toHex(tripleDesCbcDecrypt(key, iv, r.stdout))).toBe(toHex(data));
    }
  });

  it('single DES-CBC matches openssl (legacy provider)', () => {
    const key = randomBytes(8);
    const iv = randomBytes(8);
    const data = randomBytes(80);
    const r = openssl(['enc', '-des-cbc', '-K', toHex(key), '-iv', toHex(iv), '-nopad', '-provider', 'legacy', '-provider', 'default'], data);
    expect(r.status).toBe(0);
    expect(toHex(desCbcEncrypt(key, iv, data))).toBe(toHex(r.stdout));
    expect(toHex(desCbcDecrypt(key, iv, r.stdout))).toBe(toHex(data));
  });

  it('rejects bad key, IV and data lengths with EngineError', () => {
    expect(() => tripleDesCbcDecrypt(new Uint8Array(23), zeroIv, new Uint8Array(8))).toThrow(EngineError);
    expect(() => tripleDesCbcDecrypt(new Uint8Array(24), new Uint8Array(7), new Uint8Array(8))).toThrow(EngineError);
    expect(() => tripleDesCbcDecrypt(new Uint8Array(24), zeroIv, new Uint8Array(9))).toThrow(EngineError);
  });
});

describe('PKCS#7 padding', () => {
  it('pads and unpads every length', () => {
    for (let n = 0; n < 20; n++) {
      const d = randomBytes(n);
      const p = pkcs7Pad(d, 8);
      expect(p.length % 8).toBe(0);
      expect(p.length).toBeGreaterThan(n);
      expect(toHex(pkcs7Unpad(p, 8))).toBe(toHex(d));
    }
  });

  it('rejects malformed padding with EngineError malformed', () => {
    for (const bad of ['0102030405060700', '0102030405060709', '0102030405060302', '', '01']) {
      try {
        pkcs7Unpad(fromHex(bad), 8);
        expect.unreachable(`accepted ${bad}`);
      } catch (e) {
        expect((e as EngineError).code).toBe('malformed');
      }
    }
  });
});

