// CMS Triple-DES key wrap (RFC 3217): the published test vector, the checksum as a security property, and
// OpenSSL's `cms -encrypt -des3` to EC recipients (ECDH + id-alg-CMS3DESwrap) decrypting with us.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, scratch } from '../helpers/openssl';
import { fromHex, toHex } from '../../src/crypto/bytes';
import { EngineError } from '../../src/crypto/errors';
import { des3KeyUnwrap, des3KeyWrap, withOddParity } from '../../src/crypto/primitives/des3-key-wrap';
import { decryptEnvelope } from '../../src/crypto/envelope/decrypt-envelope';
import { parseEnvelope } from '../../src/crypto/envelope/parse-envelope';
import { makeIdentity, P256_ARGS, P384_ARGS, RSA_ARGS, type TestIdentity } from './identities';

// RFC 3217 Triple-DES key wrap example (also the vector in Bouncy Castle's DESedeWrapTest).
const KEK = fromHex('255e0d1c07b646dfb3134cc843ba8aa71f025b7c0838251f');
const IV = fromHex('5dd4cbfc96f5453b');
const CEK = fromHex('2923bf85e06dd6ae529149f1f1bae9eab3a7da3d860d3e98');
const WRAPPED = fromHex('690107618ef092b3b48ca1796b234ae9fa33ebb4159604037db5d6a84eb3aac2768c632775a467d4');

function expectAuthFailed(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('auth-failed');
    return;
  }
  throw new Error('expected auth-failed');
}

describe('RFC 3217 Triple-DES key wrap primitive', () => {
  it('wraps the RFC test vector exactly (fixed IV) and unwraps it', () => {
    expect(toHex(des3KeyWrap(KEK, CEK, IV))).toBe(toHex(WRAPPED));
    expect(toHex(des3KeyUnwrap(KEK, WRAPPED))).toBe(toHex(CEK));
  });

  it('random IVs: two wraps differ and both unwrap; parity is set before the checksum', () => {
    const key = fromHex('000102030405060708090a0b0c0d0e0f1011121314151617');
    const a = des3KeyWrap(KEK, key);
    const b = des3KeyWrap(KEK, key);
    expect(a).toHaveLength(40);
    expect(toHex(a)).not.toBe(toHex(b));
    expect(toHex(des3KeyUnwrap(KEK, a))).toBe(toHex(withOddParity(key)));
    expect(toHex(des3KeyUnwrap(KEK, b))).toBe(toHex(withOddParity(key)));
    // Two-key 3DES is wrapped as K1,K2,K1.
    const two = des3KeyUnwrap(KEK, des3KeyWrap(KEK, key.subarray(0, 16)));
    expect(toHex(two)).toBe(toHex(withOddParity(new Uint8Array([...key.subarray(0, 16), ...key.subarray(0, 8)]))));
  });

  it('the SHA-1 checksum rejects every single-byte change and a wrong KEK, as a generic auth-failed', () => {
    for (let i = 0; i < WRAPPED.length; i++) {
      const bad = WRAPPED.slice();
      bad[i] ^= 0x01;
      expectAuthFailed(() => des3KeyUnwrap(KEK, bad));
    }
    const otherKek = KEK.slice();
    otherKek[23] ^= 0x02; // a non-parity bit
    expectAuthFailed(() => des3KeyUnwrap(otherKek, WRAPPED));
  });

  it('bad lengths fail generically; a bad KEK length is a caller error', () => {
    for (const n of [0, 8, 16, 39, 41, 88]) expectAuthFailed(() => des3KeyUnwrap(KEK, new Uint8Array(n)));
    expect(() => des3KeyUnwrap(KEK.subarray(0, 20), WRAPPED)).toThrow(/key-encryption key/);
    expect(() => des3KeyWrap(KEK, new Uint8Array(32))).toThrow(EngineError);
  });
});

describe('OpenSSL `cms -encrypt -des3` to EC recipients (ECDH + 3DES key wrap) decrypts with us', () => {
  const dir = scratch('des3wrap-');
  let p256: TestIdentity, p384: TestIdentity, rsa: TestIdentity;
  const message = new Uint8Array(1000).map((_, i) => (i * 13 + 5) & 0xff);

  beforeAll(() => {
    p256 = makeIdentity(dir, 'p256', P256_ARGS);
    p384 = makeIdentity(dir, 'p384', P384_ARGS);
    rsa = makeIdentity(dir, 'rsa', RSA_ARGS);
    dir.write('msg.bin', message);
  });
  afterAll(() => dir.cleanup());

  function opensslEncrypt(certs: string[]): Uint8Array {
    const r = openssl(['cms', '-encrypt', '-binary', '-des3', '-in', dir.file('msg.bin'), '-outform', 'DER', ...certs]);
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  }
  const keyOf = (id: TestIdentity) => ({ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 });

  for (const which of ['p256', 'p384'] as const) {
    it(`${which}: the recipient names 3DES key wrap and the content comes back`, async () => {
      const id = which === 'p256' ? p256 : p384;
      const der = opensslEncrypt([id.certPem]);
      const kari = parseEnvelope(der).recipients[0];
      expect(kari.type).toBe('kari');
      if (kari.type !== 'kari') return;
      expect(kari.keyWrap.oid).toBe('1.2.840.113549.1.9.16.3.6');
      expect(kari.encryptedKey).toHaveLength(40);
      const r = await decryptEnvelope(der, [keyOf(id)]);
      expect(toHex(r.content)).toBe(toHex(message));
      expect(r.contentCipher).toBe('3DES-CBC');
      expect(r.usedRecipient.algorithm).toMatch(/ECDH stdDH .*3DES key wrap/);
    });
  }

  it('mixed RSA + EC recipients: both keys decrypt', async () => {
    const der = opensslEncrypt([rsa.certPem, p256.certPem]);
    for (const id of [rsa, p256]) expect(toHex((await decryptEnvelope(der, [keyOf(id)])).content)).toBe(toHex(message));
  });

  it('a flipped bit in the wrapped key is auth-failed, never plaintext', async () => {
    const der = opensslEncrypt([p256.certPem]);
    const kari = parseEnvelope(der).recipients[0];
    if (kari.type !== 'kari') throw new Error('expected kari');
    const at = Buffer.from(der).indexOf(Buffer.from(kari.encryptedKey));
    expect(at).toBeGreaterThan(0);
    for (const offset of [0, 17, 39]) {
      const bad = der.slice();
      bad[at + offset] ^= 0x10;
      await expect(decryptEnvelope(bad, [keyOf(p256)])).rejects.toMatchObject({ code: 'auth-failed' });
    }
  });

  it('the wrong EC key (same certificate) fails generically', async () => {
    const der = opensslEncrypt([p256.certPem]);
    const other = makeIdentity(dir, 'p256b', P256_ARGS);
    await expect(decryptEnvelope(der, [{ certificate: p256.certificate, privateKeyPkcs8: other.privateKeyPkcs8 }])).rejects.toMatchObject({
      code: 'auth-failed',
    });
  });
});
