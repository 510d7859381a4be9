// A 10 MB AES-256-CBC envelope round-trips intact, and is built without copying the ciphertext per DER
// nesting level: the encoding comes as a small prefix plus the ciphertext (speed: bench/primitives.ts).
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { scratch } from '../helpers/openssl';
import { concatBytes } from '../../src/crypto/bytes';
import { parseBer } from '../../src/crypto/asn1/ber-reader';
import { decryptEnvelope } from '../../src/crypto/envelope/decrypt-envelope';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { makeIdentity, RSA_ARGS, type TestIdentity } from './identities';

const dir = scratch('env-large-');
let id: TestIdentity;
beforeAll(() => {
  id = makeIdentity(dir, 'large', RSA_ARGS);
});
afterAll(() => dir.cleanup());

describe('10 MB AES-256-CBC', () => {
  it('encrypts and decrypts 10 MB intact; der is exactly the joined chunks', async () => {
    const content = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 65536) globalThis.crypto.getRandomValues(content.subarray(i, i + 65536));
    const env = await encryptEnvelope({ content, recipients: [{ certificate: id.certificate }] });
    expect(env.chunks).toHaveLength(2); // DER prefix, then the ciphertext as WebCrypto returned it
    expect(env.chunks[0].length).toBeLessThan(4096);
    expect(env.chunks[1].length).toBe(content.length + 16); // CBC padding of a multiple of 16
    const der = env.der;
    expect(Buffer.from(der).equals(Buffer.from(concatBytes(...env.chunks)))).toBe(true); // (toEqual is slow at 10 MB)
    expect(parseBer(der).end).toBe(der.length); // lengths at every level add up
    const r = await decryptEnvelope(der, [{ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 }]);
    expect(r.content.length).toBe(content.length);
    expect(Buffer.from(r.content).equals(Buffer.from(content))).toBe(true);
  }, 60_000);

  it('keeps the GCM tag after the ciphertext', async () => {
    const content = new Uint8Array(200_000).fill(7);
    const env = await encryptEnvelope({ content, cipher: 'aes-256-gcm', recipients: [{ certificate: id.certificate }] });
    expect(env.kind).toBe('auth-enveloped');
    expect(env.chunks).toHaveLength(3); // prefix, ciphertext, OCTET STRING tag
    expect(env.chunks[2].length).toBe(18);
    const r = await decryptEnvelope(env.der, [{ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 }]);
    expect(Buffer.from(r.content).equals(Buffer.from(content))).toBe(true);
  });
});
