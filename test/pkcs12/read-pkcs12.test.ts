// readPkcs12 against the corpus, OpenSSL-made files (every encryption scheme and MAC we claim), password
// encodings, key/certificate pairing by public key, and the error classes callers rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readPkcs12, readPkcs12All } from '../../src/crypto/pkcs12/read-pkcs12';
import { writePkcs12 } from '../../src/crypto/pkcs12/write-pkcs12';
import { EngineError } from '../../src/crypto/errors';
import { bytesEqual } from '../../src/crypto/bytes';
import { corpusDir, hasCorpus, readCorpus } from '../helpers/corpus';
import { exportPfx, makeIdentity, pemToDer, type OpensslIdentity } from './make-pfx';
import { signVerifies } from './key-check';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return e.code;
  }
}

function findPfx(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findPfx(p));
    else if (/\.(p12|pfx)$/i.test(name)) out.push(p);
  }
  return out;
}

function corpusPassword(path: string): string {
  if (path.includes('/thunderbird/')) return 'nss';
  if (path.includes('/mimekit/')) return 'no.secret';
  if (path.includes('/lamps-protected-headers-draft/')) return 'bob';
  return 'test12345678';
}

describe.skipIf(!hasCorpus)('corpus PKCS#12 files', () => {
  const files = hasCorpus ? findPfx(corpusDir) : [];

  it('finds the files the corpus README lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it('every file imports with its password and the key matches the certificate', async () => {
    for (const f of files) {
      const id = await readPkcs12(readCorpus(f.slice(corpusDir.length + 1)), corpusPassword(f));
      if (id.keyAlgorithm === 'DSA') continue; // checked below; WebCrypto has no DSA
      expect(['RSA', 'EC-P256', 'EC-P384', 'EC-P521'], f).toContain(id.keyAlgorithm);
      expect(await signVerifies(id), f).toBe(true);
    }
  }, 60_000);

  it('reports the MimeKit DSA key as DSA (matched by y = g^x mod p) instead of failing', async () => {
    const id = await readPkcs12(readCorpus('mimekit', 'dsa', 'smime.pfx'), 'no.secret');
    expect(id.keyAlgorithm).toBe('DSA');
    expect(id.chain.length).toBe(3);
  });

  it('normalises the MimeKit EC key (explicit secp384r1 parameters) to a named curve', async () => {
    const id = await readPkcs12(readCorpus('mimekit', 'ec', 'smime.pfx'), 'no.secret');
    expect(id.keyAlgorithm).toBe('EC-P384');
    expect(await signVerifies(id)).toBe(true);
  });

  it('orders the chain leaf-issuer first and keeps the friendly name', async () => {
    const id = await readPkcs12(readCorpus('mimekit', 'rsa', 'smime.pfx'), 'no.secret');
    expect(id.friendlyName).toBe('MimeKit UnitTests');
    const inter2 = await readPkcs12(readCorpus('mimekit', 'intermediate2.pfx'), 'no.secret');
    expect(bytesEqual(id.chain[0], inter2.certificate)).toBe(true);
  });

  it('accepts the PEM-armoured lamps bob.p12 and the DER copy alike', async () => {
    const a = await readPkcs12(readCorpus('lamps-protected-headers-draft', 'bob.p12'), 'bob');
    const b = await readPkcs12(readCorpus('lamps-protected-headers-draft', 'bob.der.p12'), 'bob');
    expect(bytesEqual(a.certificate, b.certificate)).toBe(true);
  });

  it('wrong password on corpus files is wrong-password (PBES2 NSS and legacy Windows style)', async () => {
    expect(await codeOf(readPkcs12(readCorpus('thunderbird', 'tb-smime', 'Alice.p12'), 'nope'))).toBe('wrong-password');
    expect(await codeOf(readPkcs12(readCorpus('mimekit', 'rsa', 'smime.pfx'), 'nope'))).toBe('wrong-password');
  });

  it('imports a typical PBES2 file (RSA-2048, 10000 iterations; speed: bench/primitives.ts)', async () => {
    const id = await readPkcs12(readCorpus('thunderbird', 'tb-smime', 'Alice.p12'), 'nss');
    expect(id.certificate.length).toBeGreaterThan(0);
    expect(id.keyAlgorithm).toBe('RSA');
  });
});

describe('OpenSSL-made PKCS#12 files', () => {
  let rsa: OpensslIdentity;
  let ec: OpensslIdentity;
  beforeAll(() => {
    rsa = makeIdentity('rsa');
    ec = makeIdentity('ec');
  });
  afterAll(() => {
    rsa?.dir.cleanup();
    ec?.dir.cleanup();
  });

  const variants: [string, string[]][] = [
    ['default (PBES2 AES-256, MAC SHA-256)', []],
    ['-legacy (3DES key, RC2-40 certs, MAC SHA-1)', ['-legacy']],
    ['RC2-40 for key and certs', ['-keypbe', 'PBE-SHA1-RC2-40', '-certpbe', 'PBE-SHA1-RC2-40', '-legacy']],
    ['2-key 3DES key, RC2-128 certs', ['-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128', '-legacy']],
    ['PBES2 with DES-EDE3-CBC and AES-128', ['-keypbe', 'des-ede3-cbc', '-certpbe', 'aes-128-cbc']],
    ['-macalg sha1', ['-macalg', 'sha1']],
    ['-macalg sha512', ['-macalg', 'sha512']],
    ['-nomac', ['-nomac']],
    ['unencrypted bags (-keypbe NONE -certpbe NONE)', ['-keypbe', 'NONE', '-certpbe', 'NONE']],
  ];

  for (const [name, extra] of variants) {
    it(`${name}: imports; right key; chain; wrong password rejected`, async () => {
      const pfx = exportPfx(rsa, 'secret', extra);
      const id = await readPkcs12(pfx, 'secret');
      expect(bytesEqual(id.certificate, pemToDer(rsa.certPem, 'x509'))).toBe(true);
      expect(id.chain.map((c) => bytesEqual(c, pemToDer(rsa.caPem, 'x509')))).toEqual([true]);
      expect(await signVerifies(id)).toBe(true);
      if (!extra.includes('NONE')) expect(await codeOf(readPkcs12(pfx, 'Secret'))).toBe('wrong-password');
    });
  }

  it('EC P-256 key', async () => {
    const id = await readPkcs12(exportPfx(ec, 'secret'), 'secret');
    expect(id.keyAlgorithm).toBe('EC-P256');
    expect(await signVerifies(id)).toBe(true);
  });

  it('Japanese password, default and legacy', async () => {
    const pw = 'パスワード123';
    for (const extra of [[], ['-legacy']]) {
      const pfx = exportPfx(rsa, pw, extra);
      expect((await readPkcs12(pfx, pw)).keyAlgorithm).toBe('RSA');
      expect(await codeOf(readPkcs12(pfx, 'パスワード124'))).toBe('wrong-password');
    }
  });

  it('non-BMP password (surrogate pairs)', async () => {
    const pw = 'p🔑ss';
    expect((await readPkcs12(exportPfx(rsa, pw), pw)).keyAlgorithm).toBe('RSA');
  });

  it('empty password, with MAC and without', async () => {
    for (const extra of [[], ['-legacy'], ['-nomac', '-legacy']]) {
      const pfx = exportPfx(rsa, '', extra);
      expect((await readPkcs12(pfx, '')).keyAlgorithm).toBe('RSA');
      expect(await codeOf(readPkcs12(pfx, 'x'))).toBe('wrong-password');
    }
  });

  it('a certificates-only file is no-private-key', async () => {
    const out = rsa.dir.file('certs-only.p12');
    const { openssl } = await import('../helpers/openssl');
    const r = openssl(['pkcs12', '-export', '-nokeys', '-in', rsa.certPem, '-passout', 'pass:x', '-out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(await codeOf(readPkcs12(rsa.dir.read('certs-only.p12'), 'x'))).toBe('no-private-key');
  });

  it('pairs by public key even when localKeyId points at the wrong certificate', async () => {
    const leaf = pemToDer(rsa.certPem, 'x509');
    const ca = pemToDer(rsa.caPem, 'x509');
    const key = pemToDer(rsa.keyPem, 'pkey');
    // Our writer puts localKeyId on `certificate`: here the CA, which is NOT the key's certificate.
    const pfx = await writePkcs12({ certificate: ca, chain: [leaf], privateKeyPkcs8: key, keyAlgorithm: 'RSA' }, 'pw', {
      iterations: 100_000,
    });
    const id = await readPkcs12(pfx, 'pw');
    expect(bytesEqual(id.certificate, leaf)).toBe(true);
    expect(bytesEqual(id.chain[0], ca)).toBe(true);
  });

  it('a key whose certificate is missing is no-certificate, listed by readPkcs12All', async () => {
    const ca = pemToDer(rsa.caPem, 'x509');
    const key = pemToDer(rsa.keyPem, 'pkey');
    const pfx = await writePkcs12({ certificate: ca, chain: [], privateKeyPkcs8: key, keyAlgorithm: 'RSA' }, 'pw', {
      iterations: 100_000,
    });
    expect(await codeOf(readPkcs12(pfx, 'pw'))).toBe('no-certificate');
    const all = await readPkcs12All(pfx, 'pw');
    expect(all.identities).toHaveLength(0);
    expect(all.unmatchedKeys).toHaveLength(1);
    expect(all.certificates).toHaveLength(1);
  });
});
