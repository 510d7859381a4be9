// RSAES-PKCS1-v1_5: interop with OpenSSL both ways, and implicit rejection identical to OpenSSL >= 3.2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openssl, scratch } from '../helpers/openssl';
import { fromHex, toHex, utf8 } from '../../src/crypto/bytes';
import { parseRsaPrivateKeyPkcs8, parseRsaPublicKeySpki } from '../../src/crypto/primitives/rsa-keys';
import { rsaPkcs1v15Decrypt, rsaPkcs1v15DecryptKey } from '../../src/crypto/primitives/rsa-pkcs1v15-decrypt';
import { rsaPkcs1v15Encrypt } from '../../src/crypto/primitives/rsa-pkcs1v15-encrypt';
import { rsaPublicOp } from '../../src/crypto/primitives/rsa-raw';

const here = dirname(fileURLToPath(import.meta.url));

interface Fixture {
  keys: Array<{ pkcs8: string; cases: Array<{ ciphertext: string; message: string; note?: string }> }>;
}

describe('implicit rejection matches OpenSSL 4.0 (via pyca/cryptography) byte for byte', () => {
  const fx = JSON.parse(readFileSync(join(here, 'fixtures', 'implicit-rejection.json'), 'utf8')) as Fixture;
  for (const [ki, k] of fx.keys.entries()) {
    const key = parseRsaPrivateKeyPkcs8(new Uint8Array(Buffer.from(k.pkcs8, 'base64')));
    for (const [ci, c] of k.cases.entries()) {
      it(`key ${ki} case ${ci}${c.note ? ` (${c.note})` : ''}`, async () => {
        const m = await rsaPkcs1v15Decrypt(key, fromHex(c.ciphertext));
        expect(toHex(m)).toBe(c.message);
      });
    }
  }
});

describe('RSAES-PKCS1-v1_5 with OpenSSL', () => {
  const dir = scratch('rsa15-');
  let keyPem = '';
  let pubPem = '';
  let pkcs8: Uint8Array = new Uint8Array();
  let spki: Uint8Array = new Uint8Array();
  beforeAll(() => {
    keyPem = dir.file('k.pem');
    pubPem = dir.file('pub.pem');
    expect(openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPem]).status).toBe(0);
    expect(openssl(['pkey', '-in', keyPem, '-pubout', '-out', pubPem]).status).toBe(0);
    pkcs8 = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyPem, '-outform', 'DER']).stdout;
    spki = openssl(['pkey', '-in', keyPem, '-pubout', '-outform', 'DER']).stdout;
  });
  afterAll(() => dir.cleanup());

  it('decrypts what openssl pkeyutl -encrypt made', async () => {
    const msg = utf8('0123456789abcdef0123456789abcdef');
    dir.write('m.bin', msg);
    const r = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pubPem, '-in', dir.file('m.bin')]);
    expect(r.status).toBe(0);
    const key = parseRsaPrivateKeyPkcs8(pkcs8);
    expect(toHex(await rsaPkcs1v15Decrypt(key, r.stdout))).toBe(toHex(msg));
    expect(toHex(await rsaPkcs1v15DecryptKey(key, r.stdout, 32))).toBe(toHex(msg));
  });

  it('encrypts so that openssl pkeyutl -decrypt recovers the message', () => {
    const msg = utf8('a 24-byte 3DES key here!');
    const ct = rsaPkcs1v15Encrypt(parseRsaPublicKeySpki(spki), msg);
    dir.write('c.bin', ct);
    const r = openssl(['pkeyutl', '-decrypt', '-inkey', keyPem, '-in', dir.file('c.bin')]);
    expect(r.status).toBe(0);
    expect(toHex(r.stdout)).toBe(toHex(msg));
  });

  it('bad padding returns a deterministic synthetic message and never throws', async () => {
    const key = parseRsaPrivateKeyPkcs8(pkcs8);
    // Encrypt a block that is not PKCS#1 type 2 (starts 00 01) with the raw public operation.
    const em = new Uint8Array(key.k);
    em[1] = 1;
    em.fill(0xff, 2, key.k - 33);
    const c1 = rsaPublicOp(key, em);
    em[5] = 0x17;
    const c2 = rsaPublicOp(key, em);
    const a = await rsaPkcs1v15Decrypt(key, c1);
    const b = await rsaPkcs1v15Decrypt(key, c1);
    const c = await rsaPkcs1v15Decrypt(key, c2);
    expect(toHex(a)).toBe(toHex(b));
    expect(toHex(a)).not.toBe(toHex(c));
    expect(a.length).toBeLessThanOrEqual(key.k - 11);
    // The CMS helper returns a key of the requested length, deterministic, different per ciphertext.
    const k1 = await rsaPkcs1v15DecryptKey(key, c1, 32);
    expect(k1.length).toBe(32);
    expect(toHex(await rsaPkcs1v15DecryptKey(key, c1, 32))).toBe(toHex(k1));
    expect(toHex(await rsaPkcs1v15DecryptKey(key, c2, 32))).not.toBe(toHex(k1));
  });

  it('a valid padding with the wrong key length also yields a synthetic key, not the real message', async () => {
    const key = parseRsaPrivateKeyPkcs8(pkcs8);
    const ct = rsaPkcs1v15Encrypt(parseRsaPublicKeySpki(spki), new Uint8Array(16).fill(7));
    const k = await rsaPkcs1v15DecryptKey(key, ct, 32);
    expect(k.length).toBe(32);
    expect(toHex(k).startsWith('07070707')).toBe(false);
  });
});
