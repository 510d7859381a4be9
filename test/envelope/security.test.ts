// Security properties: no padding oracle after PKCS#1 v1.5 key transport, AEAD tamper detection, CBC honesty
// (integrityProtected false), clear "not for you" errors, and no crash/hang on mangled input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { scratch } from '../helpers/openssl';
import { isEngineError } from '../../src/crypto/errors';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { decryptEnvelope, type DecryptionKey } from '../../src/crypto/envelope/decrypt-envelope';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { parseEnvelope } from '../../src/crypto/envelope/parse-envelope';
import type { KeyTransRecipient } from '../../src/crypto/envelope/recipient-infos';
import { DECRYPTION_FAILED_MESSAGE } from '../../src/crypto/primitives/decryption-failed';
import { makeIdentity, P256_ARGS, RSA_ARGS, type TestIdentity } from './identities';

const here = dirname(fileURLToPath(import.meta.url));
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (!isEngineError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected a failure');
}

const dir = scratch('env-sec-');
let rsa: TestIdentity, ec: TestIdentity, other: TestIdentity;
const key = (id: TestIdentity): DecryptionKey => ({ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 });
const content = utf8('Meet me at the usual place at 9.');

beforeAll(() => {
  rsa = makeIdentity(dir, 'sec-rsa', RSA_ARGS);
  ec = makeIdentity(dir, 'sec-ec', P256_ARGS);
  other = makeIdentity(dir, 'sec-other', RSA_ARGS);
});
afterAll(() => dir.cleanup());

function encryptedKeyOffset(der: Uint8Array): number {
  return (parseEnvelope(der).recipients[0] as KeyTransRecipient).encryptedKey.byteOffset;
}

describe('no oracle after RSA PKCS#1 v1.5 key transport', () => {
  it('fixture (AES-256-CBC): mangled encryptedKey and mangled content fail identically', async () => {
    const fx = JSON.parse(readFileSync(join(here, 'fixtures', 'implicit-rejection-cbc.json'), 'utf8')) as Record<string, string>;
    const k: DecryptionKey = { certificate: b64(fx.certificate), privateKeyPkcs8: b64(fx.privateKeyPkcs8) };
    const good = b64(fx.envelope);
    expect(new TextDecoder().decode((await decryptEnvelope(good, [k])).content)).toBe('secret text for the oracle test');
    const badKey = await errorOf(decryptEnvelope(b64(fx.mangledKey), [k]));
    const badContent = good.slice();
    badContent[badContent.length - 1] ^= 1; // last byte of the CBC ciphertext -> padding error
    const badContentErr = await errorOf(decryptEnvelope(badContent, [k]));
    expect(badKey).toEqual({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
    expect(badContentErr).toEqual(badKey);
  });

  it('AES-GCM content: every mangled encryptedKey byte gives the same auth-failed as a mangled tag', async () => {
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: rsa.certificate }], cipher: 'aes-256-gcm' });
    const off = encryptedKeyOffset(der);
    const tagged = der.slice();
    tagged[tagged.length - 1] ^= 1; // the mac is the last field
    const reference = await errorOf(decryptEnvelope(tagged, [key(rsa)]));
    expect(reference).toEqual({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
    for (const i of [0, 1, 2, 10, 128, 255]) {
      const m = der.slice();
      m[off + i] ^= 0x01;
      expect(await errorOf(decryptEnvelope(m, [key(rsa)]))).toEqual(reference);
    }
  });
});

describe('tamper detection', () => {
  it('GCM: flipped ciphertext or tag -> auth-failed, never plaintext', async () => {
    const { der, kind } = await encryptEnvelope({ content, recipients: [{ certificate: ec.certificate }], cipher: 'aes-128-gcm' });
    expect(kind).toBe('auth-enveloped');
    const ok = await decryptEnvelope(der, [key(ec)]);
    expect(ok.integrityProtected).toBe(true);
    const ctOffset = parseEnvelope(der).encryptedContent.byteOffset;
    for (const pos of [ctOffset, ctOffset + 5, der.length - 1, der.length - 16]) {
      const m = der.slice();
      m[pos] ^= 0x80;
      await expect(decryptEnvelope(m, [key(ec)])).rejects.toMatchObject({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
    }
  });

  it('CBC: a flipped block decrypts to altered text that is labelled not integrity-protected', async () => {
    const long = utf8('A'.repeat(64));
    const { der } = await encryptEnvelope({ content: long, recipients: [{ certificate: rsa.certificate }], cipher: 'aes-256-cbc' });
    const ctOffset = parseEnvelope(der).encryptedContent.byteOffset;
    const m = der.slice();
    m[ctOffset] ^= 0x01; // first ciphertext block: garbles block 1, flips one bit of block 2, padding intact
    const r = await decryptEnvelope(m, [key(rsa)]);
    expect(toHex(r.content)).not.toBe(toHex(long));
    expect(r.integrityProtected).toBe(false);
    expect(r.kind).toBe('enveloped');
  });
});

describe('recipient matching', () => {
  it('not-for-this-identity names every recipient', async () => {
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: rsa.certificate }, { certificate: ec.certificate }] });
    const e = await decryptEnvelope(der, [key(other)]).catch((x: unknown) => x);
    expect(isEngineError(e) && e.code).toBe('not-for-this-identity');
    if (!isEngineError(e)) return;
    expect(e.message).toContain('CN=sec-rsa');
    expect(e.message).toContain('CN=sec-ec');
    const recipients = e.details?.recipients as Array<{ type: string; issuer?: string }>;
    expect(recipients.map((r) => r.type).sort()).toEqual(['kari', 'ktri']);
  });

  it('a key whose certificate matches but whose private key is wrong fails generically', async () => {
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: rsa.certificate }], cipher: 'aes-256-gcm' });
    const wrong: DecryptionKey = { certificate: rsa.certificate, privateKeyPkcs8: other.privateKeyPkcs8 };
    await expect(decryptEnvelope(der, [wrong])).rejects.toMatchObject({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
  });
});

describe('robustness on mangled input', () => {
  it('truncations, bit flips and garbage only ever raise EngineError', async () => {
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: rsa.certificate }, { certificate: ec.certificate }] });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), async (pos, x, truncate) => {
        const m = truncate ? der.slice(0, pos) : der.slice();
        if (!truncate) m[pos] ^= x || 1;
        try {
          await decryptEnvelope(m, [key(ec)]);
        } catch (e) {
          expect(isEngineError(e), String(e)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
    await expect(decryptEnvelope(new Uint8Array([0x30, 0x80, 0x30, 0x80, 0x30, 0x80]), [key(ec)])).rejects.toMatchObject({ code: 'malformed' });
    const deep = new Uint8Array(4000);
    for (let i = 0; i < 2000; i++) deep.set([0x30, 0x80], i * 2);
    await expect(decryptEnvelope(deep, [key(ec)])).rejects.toMatchObject({ code: 'malformed' });
  });
});
