// Importing a certificate as users receive it: a .p12/.pfx alone or in a ZIP, the ZIP locked with a password
// (ZipCrypto from Info-ZIP, AES from 7-Zip: the Japanese "PPAP" habit), several certificates in one ZIP, PEM key
// + certificate files; and every way it can go wrong named for what it is (empty, damaged, certificate only,
// wrong password, wrong ZIP password, zip bomb).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { openIdentityFile, readIdentityFile } from '../../src/crypto/pkcs12/open-identity-file';
import { EngineError } from '../../src/crypto/errors';
import { makeZip } from '../helpers/make-zip';
import { openssl } from '../helpers/openssl';
import { exportPfx, makeIdentity, pemToDer, type OpensslIdentity } from './make-pfx';

async function errorOf(p: Promise<unknown>): Promise<EngineError | 'no error'> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return e;
  }
}
const codeOf = async (p: Promise<unknown>) => {
  const e = await errorOf(p);
  return e === 'no error' ? e : e.code;
};
const text = (s: string) => new TextEncoder().encode(s);
const ok = (args: string[]) => {
  const r = openssl(args);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

describe('opening identity files', () => {
  let ec: OpensslIdentity;
  let rsa: OpensslIdentity;
  let ecPfx: Uint8Array;
  let rsaPfx: Uint8Array;
  beforeAll(() => {
    ec = makeIdentity('ec');
    rsa = makeIdentity('rsa');
    ecPfx = exportPfx(ec, 'pw');
    rsaPfx = exportPfx(rsa, 'other');
  });
  afterAll(() => {
    ec?.dir.cleanup();
    rsa?.dir.cleanup();
  });

  it('opens a bare PFX and one in a plain ZIP (skipping other files and __MACOSX forks)', async () => {
    expect((await readIdentityFile(ecPfx, 'pw')).keyAlgorithm).toBe('EC-P256');
    const { zip } = await makeZip({ 'readme.txt': text('hello'), 'certs/me.PFX': ecPfx, '__MACOSX/certs/._me.pfx': new Uint8Array(4) });
    const entries = await openIdentityFile(zip, 'cert.zip', { password: 'pw' });
    expect(entries.map((e) => [e.name, e.identities.length, e.error])).toEqual([['certs/me.PFX', 1, undefined]]);
    expect(await codeOf(readIdentityFile(zip, 'bad'))).toBe('wrong-password');
  });

  for (const lock of ['zipcrypto', 'aes'] as const) {
    it(`opens a ${lock} ZIP with the certificate password, or with its own ZIP password`, async () => {
      const same = await makeZip({ 'me.pfx': ecPfx }, lock, 'pw');
      console.log(`${lock} ZIPs made by ${same.producer}`);
      expect((await openIdentityFile(same.zip, 'me.zip', { password: 'pw' }))[0].identities[0].keyAlgorithm).toBe('EC-P256');

      const { zip } = await makeZip({ 'me.pfx': ecPfx }, lock, 'zip-secret');
      const asked = await errorOf(openIdentityFile(zip, 'me.zip', { password: 'pw' }));
      expect(asked).toMatchObject({ code: 'zip-password', details: { triedZipPassword: false } });
      const wrong = await errorOf(openIdentityFile(zip, 'me.zip', { password: 'pw', zipPassword: 'nope' }));
      expect(wrong).toMatchObject({ code: 'zip-password', details: { triedZipPassword: true } });
      const opened = await openIdentityFile(zip, 'me.zip', { password: 'pw', zipPassword: 'zip-secret' });
      expect(opened[0].identities[0].keyAlgorithm).toBe('EC-P256');
      // The ZIP password is not the certificate's: the PFX inside still needs its own.
      expect(await codeOf(openIdentityFile(zip, 'me.zip', { password: 'zip-secret', zipPassword: 'zip-secret' }))).toBe('wrong-password');
    });
  }

  for (const lock of ['zipcrypto', 'aes'] as const) {
    it(`a damaged ${lock} ZIP opened with the right password is damaged, not a wrong password`, async () => {
      const { zip } = await makeZip({ 'me.pfx': ecPfx }, lock, 'zip-secret');
      const damaged = zip.slice();
      const view = new DataView(damaged.buffer, damaged.byteOffset);
      if (lock === 'aes') {
        // A byte flipped inside the encrypted data (past the 18-byte salt and verifier): the MAC fails.
        damaged[30 + view.getUint16(26, true) + view.getUint16(28, true) + 200] ^= 0x10;
      } else {
        // ZipCrypto content that decrypts and inflates but fails its CRC. (The stored CRC's low byte is changed, in the
        // local header and the central directory: its high byte is the password check byte.) Damage that stops
        // inflation cannot be told from a wrong password, so that case is not claimed.
        damaged[14] ^= 0x10;
        let cd = damaged.length - 4;
        while (cd > 0 && view.getUint32(cd, true) !== 0x02014b50) cd--;
        damaged[cd + 16] ^= 0x10;
      }
      const e = await errorOf(openIdentityFile(damaged, 'me.zip', { password: 'pw', zipPassword: 'zip-secret' }));
      expect(e).toMatchObject({ code: 'damaged-file' });
      // The same damaged file with a wrong password is still a wrong password.
      expect(await codeOf(openIdentityFile(damaged, 'me.zip', { password: 'pw', zipPassword: 'nope' }))).toBe('zip-password');
    });
  }

  it('reports every certificate in a ZIP with two: what opened and what did not', async () => {
    const { zip } = await makeZip({ 'a/alice.pfx': ecPfx, 'b/bob.p12': rsaPfx }, 'zipcrypto', 'pw');
    const entries = await openIdentityFile(zip, 'two.zip', { password: 'pw' });
    expect(entries.map((e) => [e.name, e.identities.length, e.error?.code])).toEqual([
      ['a/alice.pfx', 1, undefined],
      ['b/bob.p12', 0, 'wrong-password'],
    ]);
    const both = await makeZip({ 'alice.pfx': ecPfx, 'bob.pfx': exportPfx(rsa, 'pw') });
    const all = await openIdentityFile(both.zip, 'two.zip', { password: 'pw' });
    expect(all.map((e) => e.identities[0]?.keyAlgorithm)).toEqual(['EC-P256', 'RSA']);
  });

  it('imports PEM key + certificate files: PKCS#8, encrypted PKCS#8, PKCS#1 RSA and SEC1 EC keys', async () => {
    const certPem = readFileSync(ec.certPem, 'utf8');
    const caPem = readFileSync(ec.caPem, 'utf8');
    const pkcs8 = new TextDecoder().decode(ok(['pkcs8', '-topk8', '-nocrypt', '-in', ec.keyPem]));
    const sec1 = new TextDecoder().decode(ok(['ec', '-in', ec.keyPem]));
    const encrypted = new TextDecoder().decode(ok(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-passout', 'pass:パスワード', '-in', ec.keyPem]));
    const pkcs1 = new TextDecoder().decode(ok(['rsa', '-traditional', '-in', rsa.keyPem]));
    const legacy = new TextDecoder().decode(ok(['rsa', '-traditional', '-aes256', '-passout', 'pass:x', '-in', rsa.keyPem]));
    const rsaCert = readFileSync(rsa.certPem, 'utf8');
    expect(sec1).toContain('BEGIN EC PRIVATE KEY');
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');

    const one = async (pem: string, password = '') => (await openIdentityFile(text(pem), 'me.pem', { password }))[0].identities;
    const fromPkcs8 = await one(pkcs8 + certPem + caPem);
    expect(fromPkcs8).toHaveLength(1);
    expect(fromPkcs8[0].certificate).toEqual(pemToDer(ec.certPem, 'x509'));
    expect(fromPkcs8[0].chain).toEqual([pemToDer(ec.caPem, 'x509')]);
    expect((await one(caPem + certPem + sec1))[0].keyAlgorithm).toBe('EC-P256'); // any order
    expect((await one(encrypted + certPem, 'パスワード'))[0].keyAlgorithm).toBe('EC-P256');
    expect(await codeOf(one(encrypted + certPem, 'wrong'))).toBe('wrong-password');
    expect((await one(rsaCert + pkcs1))[0].keyAlgorithm).toBe('RSA');
    expect(await codeOf(one(legacy + rsaCert, 'x'))).toBe('unsupported-algorithm');
    // A key without its certificate is not an identity, and says which half is missing.
    expect(await codeOf(one(pkcs8 + rsaCert))).toBe('no-certificate');
    // In a ZIP the key, the certificate (DER) and the CA come as separate files: they are read together.
    const { zip } = await makeZip({ 'me.key': text(encrypted), 'me.crt': pemToDer(ec.certPem, 'x509'), 'ca.pem': text(caPem) }, 'aes', 'himitsu');
    const entries = await openIdentityFile(zip, 'me.zip', { password: 'パスワード', zipPassword: 'himitsu' });
    expect(entries.map((e) => [e.name.split(' + ').sort(), e.identities.length, e.error?.code])).toEqual([[['ca.pem', 'me.crt', 'me.key'], 1, undefined]]);
    expect(entries[0].identities[0].chain).toEqual([pemToDer(ec.caPem, 'x509')]);
    // A CA certificate beside a .pfx is its chain, not a failed import.
    const withChain = await makeZip({ 'me.pfx': ecPfx, 'ca.cer': pemToDer(ec.caPem, 'x509') });
    expect((await openIdentityFile(withChain.zip, 'me.zip', { password: 'pw' })).map((e) => e.name)).toEqual(['me.pfx']);
  });

  it('says what is wrong: empty, certificate only, damaged (cut short), not a certificate file', async () => {
    expect(await codeOf(openIdentityFile(new Uint8Array(0), 'x.pfx', { password: 'pw' }))).toBe('empty-file');
    expect(await codeOf(openIdentityFile(pemToDer(ec.certPem, 'x509'), 'me.cer', { password: 'pw' }))).toBe('no-private-key');
    expect(await codeOf(openIdentityFile(readFileSync(ec.certPem), 'me.pem', { password: 'pw' }))).toBe('no-private-key');
    for (const n of [8, 100, Math.floor(ecPfx.length / 2), ecPfx.length - 1]) {
      expect(await codeOf(openIdentityFile(ecPfx.subarray(0, n), 'cut.pfx', { password: 'pw' })), `cut at ${n}`).toBe('damaged-file');
    }
    expect(await codeOf(openIdentityFile(text('hello world'), 'x.pfx', { password: 'pw' }))).toBe('corrupt-file');
    // A byte flipped inside the MAC-protected content: the MAC cannot tell that from a wrong password.
    const flipped = ecPfx.slice();
    flipped[Math.floor(flipped.length / 2)] ^= 1;
    expect(['wrong-password', 'damaged-file']).toContain(await codeOf(openIdentityFile(flipped, 'x.pfx', { password: 'pw' })));
  });

  it('a ZIP without a certificate file, and a cut-short ZIP, are named as such', async () => {
    const { zip } = await makeZip({ 'readme.txt': text('no key here') });
    await expect(openIdentityFile(zip, 'x.zip', { password: 'pw' })).rejects.toMatchObject({ code: 'corrupt-file', message: expect.stringMatching(/no \.p12 or \.pfx/) });
    const whole = (await makeZip({ 'a.p12': ecPfx })).zip;
    expect(await codeOf(openIdentityFile(whole.subarray(0, whole.length - 30), 'x.zip', { password: 'pw' }))).toBe('corrupt-file');
  });

  it('keeps the zip-bomb caps: 25 MB of zeros named .p12, and a header that lies about the size', async () => {
    const w = new ZipWriter(new BlobWriter('application/zip'), { level: 9 });
    await w.add('bomb.p12', new Uint8ArrayReader(new Uint8Array(25 * 1024 * 1024)));
    const bomb = new Uint8Array(await (await w.close()).arrayBuffer());
    expect(bomb.length).toBeLessThan(200_000);
    expect(await codeOf(openIdentityFile(bomb, 'bomb.zip', { password: 'pw' }))).toBe('too-large');

    const { zip } = await makeZip({ 'liar.p12': new Uint8Array(100_000) });
    const liar = zip.slice();
    const dv = new DataView(liar.buffer);
    dv.setUint32(22, 100, true); // local header: uncompressed size
    let cd = liar.length - 4;
    while (cd > 0 && dv.getUint32(cd, true) !== 0x02014b50) cd--;
    dv.setUint32(cd + 24, 100, true); // central directory: uncompressed size
    const e = await errorOf(openIdentityFile(liar, 'liar.zip', { password: 'pw' }));
    expect(e).not.toBe('no error');
    expect(['too-large', 'corrupt-file', 'damaged-file']).toContain((e as EngineError).code);
  });
});
