// Recipient floods (issue 9, item 13): anyone can build an envelope whose recipient entries all name a user's
// public certificate. Private-key work per message is bounded and counted here by the unwrap calls, not timed;
// a flood fails exactly like any wrong entry.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawBytes, parseBer, type Asn1Node } from '../../src/crypto/asn1/ber-reader';
import { tlv } from '../../src/crypto/asn1/der-writer';
import { utf8 } from '../../src/crypto/bytes';
import { decryptEnvelope, MAX_ATTEMPTS_PER_KEY, type DecryptionKey } from '../../src/crypto/envelope/decrypt-envelope';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { parseEnvelope } from '../../src/crypto/envelope/parse-envelope';
import type { KeyAgreeRecipient, KeyTransRecipient } from '../../src/crypto/envelope/recipient-infos';
import * as unwrap from '../../src/crypto/envelope/unwrap-content-key';
import { DECRYPTION_FAILED_MESSAGE } from '../../src/crypto/primitives/decryption-failed';
import { scratch } from '../helpers/openssl';
import { makeIdentity, P256_ARGS, RSA_ARGS, type TestIdentity } from '../envelope/identities';

vi.mock('../../src/crypto/envelope/unwrap-content-key', async (original) => {
  const m = await original<typeof import('../../src/crypto/envelope/unwrap-content-key')>();
  return { ...m, unwrapKeyTransport: vi.fn(m.unwrapKeyTransport), unwrapKeyAgreement: vi.fn(m.unwrapKeyAgreement) };
});

const dir = scratch('dos-flood-');
let rsa: TestIdentity, ec: TestIdentity;
const key = (id: TestIdentity): DecryptionKey => ({ certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 });
const content = utf8('Content-Type: text/plain\r\n\r\nflood\r\n');

beforeAll(() => {
  rsa = makeIdentity(dir, 'flood-rsa', RSA_ARGS);
  ec = makeIdentity(dir, 'flood-ec', P256_ARGS);
});
afterAll(() => dir.cleanup());

/** The envelope with its RecipientInfos replaced by `entries` (ContentInfo { oid, [0] { EnvelopedData } }). */
function withRecipients(der: Uint8Array, entries: Uint8Array[]): Uint8Array {
  const ci = parseBer(der);
  const env = ci.children[1].children[0];
  const fields = env.children.map((f: Asn1Node) => (der[f.start] === 0x31 ? tlv(0x31, ...entries) : rawBytes(f)));
  return tlv(0x30, rawBytes(ci.children[0]), tlv(0xa0, tlv(env.input[env.start], ...fields)));
}

/** The single RecipientInfo of `der`, and where its encryptedKey lies inside it. */
function onlyEntry(der: Uint8Array): { entry: Uint8Array; keyAt: number; keyLength: number } {
  const ci = parseBer(der);
  const set = ci.children[1].children[0].children.find((f) => der[f.start] === 0x31)!;
  const ri = set.children[0];
  const r = parseEnvelope(der).recipients[0] as KeyTransRecipient | KeyAgreeRecipient;
  return { entry: rawBytes(ri), keyAt: r.encryptedKey.byteOffset - der.byteOffset - ri.start, keyLength: r.encryptedKey.length };
}

/** `count` copies of the entry, each with a different wrong encrypted key. */
function wrongCopies(der: Uint8Array, count: number): Uint8Array[] {
  const { entry, keyAt, keyLength } = onlyEntry(der);
  return Array.from({ length: count }, (_, i) => {
    const e = entry.slice();
    e[keyAt + (i % keyLength)] ^= 1 + (i >> 8);
    e[keyAt + keyLength - 1] ^= 0x5a;
    return e;
  });
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  return 'decrypted';
}

describe.each([
  ['RSA key transport', () => rsa, () => vi.mocked(unwrap.unwrapKeyTransport)],
  ['ECDH key agreement', () => ec, () => vi.mocked(unwrap.unwrapKeyAgreement)],
] as const)('a flood of %s entries naming the user', (_, id, unwrapFn) => {
  it('costs a bounded number of private-key operations and fails like one wrong entry', async () => {
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: id().certificate }], cipher: 'aes-256-cbc' });
    const oneWrong = withRecipients(der, wrongCopies(der, 1));
    const flood = withRecipients(der, [...wrongCopies(der, 999), onlyEntry(der).entry]);
    const reference = await failure(decryptEnvelope(oneWrong, [key(id())]));
    expect(reference).toEqual({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
    unwrapFn().mockClear();
    expect(await failure(decryptEnvelope(flood, [key(id())]))).toEqual(reference);
    expect(unwrapFn().mock.calls.length).toBeLessThanOrEqual(MAX_ATTEMPTS_PER_KEY);
  }, 60_000);

  it('tries identical entries once, and still finds the right entry behind a wrong one', async () => {
    const { der } = await encryptEnvelope({ content, recipients: [{ certificate: id().certificate }], cipher: 'aes-256-gcm' });
    const [wrong] = wrongCopies(der, 1);
    unwrapFn().mockClear();
    const repeated = withRecipients(der, Array.from({ length: 500 }, () => wrong));
    expect(await failure(decryptEnvelope(repeated, [key(id())]))).toEqual({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
    expect(unwrapFn().mock.calls.length).toBe(1);
    const opened = await decryptEnvelope(withRecipients(der, [wrong, wrong, onlyEntry(der).entry]), [key(id())]);
    expect(new TextDecoder().decode(opened.content)).toBe('Content-Type: text/plain\r\n\r\nflood\r\n');
  }, 60_000);
});
