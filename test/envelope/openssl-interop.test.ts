// Interop with OpenSSL 3.0 in both directions: every cipher, RSA (PKCS#1 v1.5, OAEP), P-256, P-384, SKI, several
// recipients, and BER -stream output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, scratch } from '../helpers/openssl';
import { toHex } from '../../src/crypto/bytes';
import { decryptEnvelope } from '../../src/crypto/envelope/decrypt-envelope';
import { encryptEnvelope, type ContentCipherName } from '../../src/crypto/envelope/encrypt-envelope';
import { makeIdentity, P256_ARGS, P384_ARGS, RSA_ARGS, type TestIdentity } from './identities';

const dir = scratch('env-interop-');
let rsa1: TestIdentity, rsa2: TestIdentity, p256: TestIdentity, p384: TestIdentity;
const message = new Uint8Array(3000).map((_, i) => (i * 7 + (i >> 5)) & 0xff);

beforeAll(() => {
  rsa1 = makeIdentity(dir, 'rsa1', RSA_ARGS);
  rsa2 = makeIdentity(dir, 'rsa2', RSA_ARGS);
  p256 = makeIdentity(dir, 'p256', P256_ARGS);
  p384 = makeIdentity(dir, 'p384', P384_ARGS);
  dir.write('msg.bin', message);
});
afterAll(() => dir.cleanup());

function opensslEncrypt(args: string[]): Uint8Array {
  const r = openssl(['cms', '-encrypt', '-binary', '-in', dir.file('msg.bin'), '-outform', 'DER', ...args]);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const keyOf = (id: TestIdentity) => ({ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 });

describe('OpenSSL encrypts, we decrypt', () => {
  const cases: Array<[string, () => string[], () => TestIdentity, string, string, RegExp]> = [
    ['AES-256-CBC, RSA PKCS#1 v1.5', () => ['-aes256', rsa1.certPem], () => rsa1, 'AES-256-CBC', 'enveloped', /PKCS1-v1_5/],
    ['AES-128-CBC', () => ['-aes128', rsa1.certPem], () => rsa1, 'AES-128-CBC', 'enveloped', /PKCS1-v1_5/],
    ['AES-192-CBC', () => ['-aes192', rsa1.certPem], () => rsa1, 'AES-192-CBC', 'enveloped', /PKCS1-v1_5/],
    ['AES-256-GCM (AuthEnvelopedData)', () => ['-aes-256-gcm', rsa1.certPem], () => rsa1, 'AES-256-GCM', 'auth-enveloped', /PKCS1-v1_5/],
    ['AES-128-GCM to P-384', () => ['-aes-128-gcm', p384.certPem], () => p384, 'AES-128-GCM', 'auth-enveloped', /ECDH/],
    ['3DES-CBC', () => ['-des3', rsa1.certPem], () => rsa1, '3DES-CBC', 'enveloped', /PKCS1-v1_5/],
    ['RSA-OAEP (SHA-1)', () => ['-aes256', '-recip', rsa1.certPem, '-keyopt', 'rsa_padding_mode:oaep'], () => rsa1, 'AES-256-CBC', 'enveloped', /OAEP \(SHA-1, MGF1-SHA-1\)/],
    ['RSA-OAEP SHA-256', () => ['-aes256', '-recip', rsa1.certPem, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'], () => rsa1, 'AES-256-CBC', 'enveloped', /OAEP \(SHA-256/],
    ['RSA-OAEP SHA-256 + MGF1-SHA-1', () => ['-aes256', '-recip', rsa1.certPem, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha1'], () => rsa1, 'AES-256-CBC', 'enveloped', /OAEP \(SHA-256, MGF1-SHA-1\)/],
    ['ECDH P-256', () => ['-aes256', p256.certPem], () => p256, 'AES-256-CBC', 'enveloped', /ECDH stdDH/],
    ['ECDH P-384', () => ['-aes128', p384.certPem], () => p384, 'AES-128-CBC', 'enveloped', /ECDH stdDH/],
    ['subjectKeyIdentifier (-keyid), RSA', () => ['-aes256', '-keyid', rsa1.certPem], () => rsa1, 'AES-256-CBC', 'enveloped', /PKCS1/],
    ['subjectKeyIdentifier (-keyid), P-256', () => ['-aes256', '-keyid', p256.certPem], () => p256, 'AES-256-CBC', 'enveloped', /ECDH/],
    ['BER -stream', () => ['-stream', '-aes256', rsa1.certPem], () => rsa1, 'AES-256-CBC', 'enveloped', /PKCS1/],
  ];
  for (const [name, args, who, cipher, kind, alg] of cases) {
    it(name, async () => {
      const der = opensslEncrypt(args());
      const r = await decryptEnvelope(der, [keyOf(who())]);
      expect(toHex(r.content)).toBe(toHex(message));
      expect(r.contentCipher).toBe(cipher);
      expect(r.kind).toBe(kind);
      expect(r.integrityProtected).toBe(kind === 'auth-enveloped');
      expect(r.usedRecipient.algorithm).toMatch(alg);
    });
  }

  it('SKI recipients are described by their key identifier', async () => {
    const r = await decryptEnvelope(opensslEncrypt(['-aes256', '-keyid', p256.certPem]), [keyOf(p256)]);
    expect(r.usedRecipient.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
    expect(r.usedRecipient.type).toBe('kari');
  });

  it('several recipients: each key decrypts, the list names all of them', async () => {
    const der = opensslEncrypt(['-aes256', rsa1.certPem, rsa2.certPem, p256.certPem, p384.certPem]);
    for (const id of [rsa1, rsa2, p256, p384]) {
      const r = await decryptEnvelope(der, [keyOf(id)]);
      expect(toHex(r.content)).toBe(toHex(message));
      expect(r.recipients).toHaveLength(4);
    }
    // With several keys offered, the matching one is used.
    const r = await decryptEnvelope(opensslEncrypt(['-aes256', p384.certPem]), [keyOf(rsa1), keyOf(p384)]);
    expect(r.usedRecipient.type).toBe('kari');
  });
});

describe('we encrypt, OpenSSL decrypts', () => {
  function opensslDecrypt(der: Uint8Array, id: TestIdentity): Uint8Array {
    const f = dir.write(`in-${id.name}.der`, der);
    const r = openssl(['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', f, '-recip', id.certPem, '-inkey', id.keyPem]);
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  }
  const ciphers: ContentCipherName[] = ['aes-256-cbc', 'aes-128-cbc', 'aes-256-gcm', 'aes-128-gcm'];
  for (const cipher of ciphers) {
    it(`${cipher} to RSA, RSA-OAEP, P-256 and P-384 recipients at once`, async () => {
      const out = await encryptEnvelope({
        content: message,
        cipher,
        recipients: [{ certificate: rsa1.certificate }, { certificate: rsa2.certificate, oaep: true }, { certificate: p256.certificate }, { certificate: p384.certificate }],
      });
      expect(out.kind).toBe(cipher.endsWith('gcm') ? 'auth-enveloped' : 'enveloped');
      for (const id of [rsa1, rsa2, p256, p384]) expect(toHex(opensslDecrypt(out.der, id))).toBe(toHex(message));
      // And round trip through our own decryptor.
      const r = await decryptEnvelope(out.der, [keyOf(rsa2)]);
      expect(r.usedRecipient.algorithm).toBe('RSAES-OAEP (SHA-256, MGF1-SHA-256)');
      expect(toHex(r.content)).toBe(toHex(message));
    });
  }

  it('subjectKeyIdentifier recipients (RSA and EC)', async () => {
    const out = await encryptEnvelope({ content: message, recipients: [{ certificate: rsa1.certificate }, { certificate: p256.certificate }], useSubjectKeyIdentifier: true });
    for (const id of [rsa1, p256]) expect(toHex(opensslDecrypt(out.der, id))).toBe(toHex(message));
    const r = await decryptEnvelope(out.der, [keyOf(p256)]);
    expect(r.usedRecipient.subjectKeyIdentifier).toBeDefined();
    expect(r.recipients.every((d) => d.subjectKeyIdentifier !== undefined)).toBe(true);
  });

  it('OpenSSL parses our output as strict DER (cmsout round trip is byte-identical)', async () => {
    const out = await encryptEnvelope({ content: message, recipients: [{ certificate: rsa1.certificate }, { certificate: p384.certificate }] });
    const f = dir.write('strict.der', out.der);
    const r = openssl(['cms', '-cmsout', '-inform', 'DER', '-in', f, '-outform', 'DER']);
    expect(r.status).toBe(0);
    expect(toHex(r.stdout)).toBe(toHex(out.der));
  });
});
