// writePkcs12: OpenSSL must read our backups and see PBES2/PBKDF2/AES-256-CBC with >= 100000 iterations,
// and our reader must read them back, including with a Japanese password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPkcs12 } from '../../src/crypto/pkcs12/read-pkcs12';
import { writePkcs12 } from '../../src/crypto/pkcs12/write-pkcs12';
import { EngineError } from '../../src/crypto/errors';
import { bytesEqual } from '../../src/crypto/bytes';
import type { Identity } from '../../src/crypto/types';
import { openssl } from '../helpers/openssl';
import { makeIdentity, pemToDer, type OpensslIdentity } from './make-pfx';
import { signVerifies } from './key-check';

describe('writePkcs12', () => {
  let src: OpensslIdentity;
  let identity: Identity;
  beforeAll(() => {
    src = makeIdentity('rsa');
    identity = {
      certificate: pemToDer(src.certPem, 'x509'),
      chain: [pemToDer(src.caPem, 'x509')],
      privateKeyPkcs8: pemToDer(src.keyPem, 'pkey'),
      keyAlgorithm: 'RSA',
      friendlyName: 'Backup für Alice',
    };
  });
  afterAll(() => src?.dir.cleanup());

  it('openssl pkcs12 -info reads it: PBES2, PBKDF2, AES-256-CBC, HMAC-SHA256 MAC, 200000 iterations', async () => {
    const pw = 'パスワード123';
    const pfx = await writePkcs12(identity, pw);
    const path = src.dir.write('backup.p12', pfx);
    const r = openssl(['pkcs12', '-in', path, '-passin', `pass:${pw}`, '-nodes', '-info']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/MAC: sha256, Iteration 200000/);
    expect(r.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 200000, PRF hmacWithSHA256/);
    expect(r.stderr).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 200000/);
    const text = new TextDecoder().decode(r.stdout);
    expect(text).toMatch(/friendlyName: Backup f.{1,2}r Alice/); // OpenSSL 3.0 prints the BMP char as one raw byte
    expect(text).toContain('-----BEGIN PRIVATE KEY-----');
    expect(text.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);

    const back = await readPkcs12(pfx, pw);
    expect(bytesEqual(back.certificate, identity.certificate)).toBe(true);
    expect(bytesEqual(back.privateKeyPkcs8, identity.privateKeyPkcs8)).toBe(true);
    expect(back.chain).toHaveLength(1);
    expect(back.friendlyName).toBe('Backup für Alice');
    expect(await signVerifies(back)).toBe(true);
  }, 30_000);

  it('openssl rejects a wrong password for our file', async () => {
    const pfx = await writePkcs12(identity, 'right', { iterations: 100_000 });
    const path = src.dir.write('b2.p12', pfx);
    expect(openssl(['pkcs12', '-in', path, '-passin', 'pass:wrong', '-nodes', '-info']).status).not.toBe(0);
    try {
      await readPkcs12(pfx, 'wrong');
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('wrong-password');
    }
  }, 30_000);

  it('refuses fewer than 100000 iterations', async () => {
    await expect(writePkcs12(identity, 'x', { iterations: 2048 })).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('two exports differ (fresh salts and IVs)', async () => {
    const a = await writePkcs12(identity, 'x', { iterations: 100_000 });
    const b = await writePkcs12(identity, 'x', { iterations: 100_000 });
    expect(bytesEqual(a, b)).toBe(false);
  }, 30_000);
});
