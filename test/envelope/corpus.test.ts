// Real-world envelopes: Thunderbird/NSS, OpenSSL interop files, RFC 9216 examples, pyca vectors, LAMPS drafts.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { corpusPath, hasCorpus, readCorpus } from '../helpers/corpus';
import { decryptEnvelope, type DecryptionKey } from '../../src/crypto/envelope/decrypt-envelope';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { OID } from '../../src/crypto/asn1/oids';
import { fromP12, pemToDer, smimeBody } from './identities';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe.skipIf(!hasCorpus)('corpus envelopes', () => {
  let bob: DecryptionKey, fran: DecryptionKey, franEc: DecryptionKey, lampsBob: DecryptionKey;
  let r9216Bob: DecryptionKey, dana: DecryptionKey, pyca: DecryptionKey;
  beforeAll(() => {
    bob = fromP12(corpusPath('thunderbird/tb-smime/Bob.p12'), 'nss');
    fran = fromP12(corpusPath('thunderbird/tb-smime-interop/Fran.p12'), 'nss');
    franEc = fromP12(corpusPath('thunderbird/tb-smime-interop/Fran-ec.p12'), 'nss');
    lampsBob = fromP12(corpusPath('lamps-protected-headers-draft/bob.der.p12'), 'bob');
    const r = (f: string): Uint8Array => pemToDer(corpusPath('rfc9216-examples-cms/certs-and-keys', f));
    r9216Bob = { certificate: r('lamps-bob.encrypt.crt'), privateKeyPkcs8: r('lamps-bob.decrypt.p8.pem') };
    dana = { certificate: r('lamps-dana.encrypt.crt'), privateKeyPkcs8: r('lamps-dana.decrypt.p8.pem') };
    pyca = { certificate: pemToDer(corpusPath('pyca-cryptography/rsa_ca.pem')), privateKeyPkcs8: pemToDer(corpusPath('pyca-cryptography/rsa_key.pem')) };
  });
  const rfc = (f: string): Uint8Array => readCorpus('rfc9216-examples-cms/binary-files', `${f}.p7m`);

  it('Thunderbird (NSS) envelopes for Bob: RSAES-PKCS1-v1_5 + AES-128-CBC, BER', async () => {
    const files = ['alice.env.eml', 'alice.sig.SHA256.opaque.env.eml', 'alice.dsig.SHA256.multipart.env.eml', 'alice.html.sig.SHA512.opaque.env.eml'];
    for (const f of files) {
      const r = await decryptEnvelope(smimeBody(corpusPath('thunderbird/tb-smime', f)), [bob]);
      expect(r.contentCipher).toBe('AES-128-CBC');
      expect(r.usedRecipient.algorithm).toBe('RSAES-PKCS1-v1_5');
      expect(r.integrityProtected).toBe(false);
      expect(r.contentType).toBe(OID.data);
      expect(text(r.content)).toMatch(/Content-Type:/);
    }
    const plain = await decryptEnvelope(smimeBody(corpusPath('thunderbird/tb-smime/alice.env.eml')), [bob]);
    expect(text(plain.content)).toContain('This is a test message from Alice to Bob.');
  });

  it('alice.mime.env is for an older certificate (other CA) -> not-for-this-identity naming it', async () => {
    await expect(decryptEnvelope(readCorpus('thunderbird/tb-smime/alice.mime.env'), [bob])).rejects.toMatchObject({
      code: 'not-for-this-identity',
      message: expect.stringMatching(/issuer "CN=NSS Test CA,[^"]*", serial 28/),
    });
  });

  const franFiles: Array<[string, string, RegExp]> = [
    ['fran-oaep_ossl.env', '3DES-CBC', /^RSAES-OAEP \(SHA-1, MGF1-SHA-1\)$/],
    ['fran-oaep-sha256hash_ossl.env', 'AES-128-CBC', /^RSAES-OAEP \(SHA-256/],
    ['fran-oaep-sha256hash-sha256mgf_ossl.env', 'AES-256-CBC', /^RSAES-OAEP \(SHA-256, MGF1-SHA-256\)$/],
    ['fran-oaep-label_ossl.env', 'AES-256-CBC', /label/],
  ];
  for (const [f, cipher, alg] of franFiles) {
    it(`Fran ${f}`, async () => {
      const r = await decryptEnvelope(smimeBody(corpusPath('thunderbird/tb-smime-interop', f)), [fran]);
      expect(text(r.content)).toBe('This is a test message to Fran.\n');
      expect(r.contentCipher).toBe(cipher);
      expect(r.usedRecipient.algorithm).toMatch(alg);
    });
  }
  for (const [f, cipher, hash] of [
    ['fran-ec_ossl-aes128-sha256.env', 'AES-128-CBC', 'SHA-256'],
    ['fran-ec_ossl-aes256-sha512.env', 'AES-256-CBC', 'SHA-512'],
  ]) {
    it(`Fran-ec ${f} (P-384 ECDH, no ukm)`, async () => {
      const r = await decryptEnvelope(smimeBody(corpusPath('thunderbird/tb-smime-interop', f)), [franEc]);
      expect(text(r.content)).toBe('This is a test message to Fran.\n');
      expect(r.contentCipher).toBe(cipher);
      expect(r.usedRecipient.algorithm).toBe(`ECDH stdDH X9.63-KDF ${hash}, ${cipher === 'AES-128-CBC' ? 'AES-128' : 'AES-256'} key wrap`);
    });
  }

  it('LAMPS draft messages: PKCS#1 v1.5 + 3DES', async () => {
    for (const f of ['smime-enc+legacy-disp.eml', 'smime-sign+enc.eml', 'smime-sign+enc+legacy-disp.eml']) {
      const r = await decryptEnvelope(smimeBody(corpusPath('lamps-protected-headers-draft', f)), [lampsBob]);
      expect(r.contentCipher).toBe('3DES-CBC');
      const inner = readFileSync(corpusPath('lamps-protected-headers-draft', f.replace('.eml', '.inner')), 'latin1');
      expect(Buffer.from(r.content).toString('latin1').replace(/\r\n/g, '\n').trim()).toBe(inner.replace(/\r\n/g, '\n').trim());
    }
  });

  it('pyca vectors: PKCS#1 v1.5 + 3DES, OAEP + AES-128 (RSA-4096)', async () => {
    const des = await decryptEnvelope(pemToDer(corpusPath('pyca-cryptography/enveloped-triple-des.pem')), [pyca]);
    expect(text(des.content)).toBe('Hello, World!\r\n');
    expect(des.contentCipher).toBe('3DES-CBC');
    const oaep = await decryptEnvelope(pemToDer(corpusPath('pyca-cryptography/enveloped-rsa-oaep.pem')), [pyca]);
    expect(text(oaep.content)).toBe('Hello, world!');
  });

  it('RFC 9216 encryptedForBobRSAOaep and encryptedForBobAndDana (both recipients, X25519 with X9.63 KDF)', async () => {
    expect(text((await decryptEnvelope(rfc('encryptedForBobRSAOaep'), [r9216Bob])).content)).toBe('This is some sample content.');
    const both = rfc('encryptedForBobAndDana');
    const b = await decryptEnvelope(both, [r9216Bob]);
    expect(text(b.content)).toBe('This is some sample content.');
    expect(b.recipients.map((d) => d.type)).toEqual(['ktri', 'kari']);
    const d = await decryptEnvelope(both, [dana]);
    expect(text(d.content)).toBe('This is some sample content.');
    expect(d.usedRecipient.type).toBe('kari');
  });

  it('RFC 9216 authEnvelopedForDanaX25519HKDF: X25519 + HKDF + AES-128-GCM', async () => {
    const r = await decryptEnvelope(rfc('authEnvelopedForDanaX25519HKDF'), [dana]);
    expect(text(r.content)).toBe('This is some sample content.');
    expect(r).toMatchObject({ kind: 'auth-enveloped', contentCipher: 'AES-128-GCM', integrityProtected: true });
    expect(r.usedRecipient.algorithm).toBe('ECDH HKDF-SHA256, AES-256 key wrap');
  });

  it('RFC 9216 ChaCha20-Poly1305 is reported as unsupported', async () => {
    await expect(decryptEnvelope(rfc('authEnvelopedForBobChaCha20Poly1305'), [r9216Bob])).rejects.toMatchObject({
      code: 'unsupported-algorithm',
      message: expect.stringContaining('ChaCha20-Poly1305'),
    });
  });

  it('RFC 9216 encryptedKekri is not for a certificate', async () => {
    await expect(decryptEnvelope(rfc('encryptedKekri'), [r9216Bob])).rejects.toMatchObject({
      code: 'not-for-this-identity',
      details: { recipients: [{ type: 'kekri', id: 'KEK id 6b65796964' }] },
    });
  });

  it('we encrypt to X25519 (Dana, HKDF) and P-384 (Fran-ec) and decrypt again', async () => {
    const content = new TextEncoder().encode('x25519 round trip');
    for (const cipher of ['aes-256-cbc', 'aes-128-gcm'] as const) {
      const out = await encryptEnvelope({ content, cipher, recipients: [{ certificate: dana.certificate }, { certificate: franEc.certificate }] });
      for (const k of [dana, franEc]) expect(text((await decryptEnvelope(out.der, [k])).content)).toBe('x25519 round trip');
      expect((await decryptEnvelope(out.der, [dana])).usedRecipient.algorithm).toBe('ECDH HKDF-SHA256, AES-256 key wrap');
    }
  });
});
