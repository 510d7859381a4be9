// Throughput guard: 10 MB AES-256-CBC envelope, encrypt + decrypt, must stay well inside interactive limits.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { scratch } from '../helpers/openssl';
import { decryptEnvelope } from '../../src/crypto/envelope/decrypt-envelope';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { makeIdentity, RSA_ARGS, type TestIdentity } from './identities';

const dir = scratch('env-speed-');
let id: TestIdentity;
beforeAll(() => {
  id = makeIdentity(dir, 'speed', RSA_ARGS);
});
afterAll(() => dir.cleanup());

describe('10 MB AES-256-CBC', () => {
  it('encrypts and decrypts in under 5 s each', async () => {
    const content = new Uint8Array(10 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 65536) globalThis.crypto.getRandomValues(content.subarray(i, i + 65536));
    let t = performance.now();
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: id.certificate }] });
    const enc = performance.now() - t;
    t = performance.now();
    const r = await decryptEnvelope(der, [{ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 }]);
    const dec = performance.now() - t;
    console.log(`10 MB AES-256-CBC: encrypt ${enc.toFixed(0)} ms, decrypt ${dec.toFixed(0)} ms`);
    expect(r.content.length).toBe(content.length);
    expect(r.content[12345]).toBe(content[12345]);
    expect(enc).toBeLessThan(5000);
    expect(dec).toBeLessThan(5000);
  });
});
