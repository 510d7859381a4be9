// EFAIL: CBC-encrypted content counts as integrity-protected only under a signature that is valid AND trusted, by
// one rule that the engine, the CLI mapping and both views (Gmail frame, "Open a message file") share. And a wrong
// key that "decrypts" to bytes with valid padding by chance gives the generic auth-failed, never a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/crypto/bytes';
import { base64Encode } from '../../src/crypto/base64';
import { importPrivateKeyForSigning } from '../../src/crypto/cms/import-signing-key';
import { encryptEnvelope } from '../../src/crypto/envelope/encrypt-envelope';
import { decryptEnvelope } from '../../src/crypto/envelope/decrypt-envelope';
import { DECRYPTION_FAILED_MESSAGE } from '../../src/crypto/primitives/decryption-failed';
import { signEntity } from '../../src/crypto/smime/sign-message';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import { looksLikeMailContent } from '../../src/crypto/smime/looks-like-mail-content';
import { realEngine } from '../../src/background/real-engine';
import { showsIntegrityWarning } from '../../src/ui/integrity-notice';
import { getPki, releasePki, type TestPki } from '../helpers/pki-fixtures';

let pki: TestPki;
beforeAll(async () => {
  pki = await getPki();
}, 60_000);
afterAll(releasePki);

const recipientKey = () => ({ certificate: pki.leaves.rsa.der, privateKeyPkcs8: pki.leaves.rsa.pkcs8 });
const p7mEntity = (der: Uint8Array) =>
  concatBytes(utf8('Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n'), utf8(base64Encode(der, { lineLength: 76 })), utf8('\r\n'));

async function signer(kind: 'p256' | 'rsa') {
  const { key } = await importPrivateKeyForSigning(pki.leaves[kind].pkcs8);
  return { certificate: pki.leaves[kind].der, privateKey: key, chain: [pki.intermediate.der] };
}

const BANK = 'Demo Bank <notice@bank.example.jp>';

/** CBC ciphertext for the recipient, wrapped in a signature by p256 (encrypt-then-sign), shown as from `from`. */
async function signedAroundCbc(from = pki.leaves.p256.email): Promise<Uint8Array> {
  const env = await encryptEnvelope({ content: utf8('Content-Type: text/plain\r\n\r\nTransfer 900 to account 5521.\r\n'), recipients: [{ certificate: pki.leaves.rsa.der }], cipher: 'aes-128-cbc' });
  const signed = await signEntity(p7mEntity(env.der), await signer('p256'));
  return concatBytes(utf8(`From: ${from}\r\nMIME-Version: 1.0\r\n`), signed);
}

describe('EFAIL integrity rule', () => {
  it('an outer signature that is valid but untrusted does not remove the warning', async () => {
    const msg = await signedAroundCbc();
    const r = await decryptMessage(msg, [recipientKey()], { now: new Date() });
    expect(r.outerSignature?.signature).toBe('valid');
    expect(r.outerSignature?.trust).not.toBe('trusted');
    expect(r.integrityProtected).toBe(false);
    expect(r.warnings.map((w) => w.code)).toContain('not-integrity-protected');
  });

  it('the same outer signature, trusted, protects the content', async () => {
    const r = await decryptMessage(await signedAroundCbc(), [recipientKey()], { userRoots: [pki.root.der] });
    expect(r.outerSignature?.trust).toBe('trusted');
    expect(r.integrityProtected).toBe(true);
    expect(r.warnings.map((w) => w.code)).not.toContain('not-integrity-protected');
  });

  it('a valid but untrusted signature inside does not protect CBC content either', async () => {
    const inner = concatBytes(utf8(`From: ${pki.leaves.rsa.email}\r\n`), await signEntity(utf8('Content-Type: text/plain\r\n\r\nMeet at gate 7.\r\n'), await signer('rsa')));
    const env = await encryptEnvelope({ content: inner, recipients: [{ certificate: pki.leaves.rsa.der }], cipher: 'aes-256-cbc' });
    const msg = concatBytes(utf8(`From: ${pki.leaves.rsa.email}\r\nMIME-Version: 1.0\r\n`), p7mEntity(env.der));
    const untrusted = await decryptMessage(msg, [recipientKey()], {});
    expect(untrusted.innerSignature?.signature).toBe('valid');
    expect(untrusted.integrityProtected).toBe(false);
    const trusted = await decryptMessage(msg, [recipientKey()], { userRoots: [pki.root.der] });
    expect(trusted.innerSignature?.sender).toBe('match');
    expect(trusted.integrityProtected).toBe(true);
  });

  it('a trusted outer signature by someone other than the From shown does not protect CBC content', async () => {
    // The attacker alters the ciphertext and signs around it with a trusted certificate of their own.
    const msg = await signedAroundCbc(BANK);
    const r = await decryptMessage(msg, [recipientKey()], { userRoots: [pki.root.der] });
    expect(r.outerSignature?.signature).toBe('valid');
    expect(r.outerSignature?.trust).toBe('trusted');
    expect(r.outerSignature?.sender).toBe('mismatch');
    expect(r.integrityProtected).toBe(false);
    expect(r.warnings.map((w) => w.code)).toContain('not-integrity-protected');
  });

  it('a trusted inner signature by someone other than the From shown does not protect CBC content', async () => {
    const inner = await signEntity(utf8('Content-Type: text/plain\r\n\r\nTransfer 900 to account 5521.\r\n'), await signer('rsa'));
    const env = await encryptEnvelope({ content: inner, recipients: [{ certificate: pki.leaves.rsa.der }], cipher: 'aes-256-cbc' });
    const r = await decryptMessage(concatBytes(utf8(`From: ${BANK}\r\nMIME-Version: 1.0\r\n`), p7mEntity(env.der)), [recipientKey()], { userRoots: [pki.root.der] });
    expect(r.innerSignature?.trust).toBe('trusted');
    expect(r.innerSignature?.sender).toBe('mismatch');
    expect(r.integrityProtected).toBe(false);
    // No From shown at all (a bare .p7m): nobody to match the signer against, so no protection either.
    const bare = await decryptMessage(env.der, [recipientKey()], { userRoots: [pki.root.der] });
    expect(bare.innerSignature?.trust).toBe('trusted');
    expect(bare.integrityProtected).toBe(false);
  });

  it('a protected-headers From matching the signer does not stand in for a different From shown', async () => {
    const covered = `Content-Type: text/plain; protected-headers="v1"\r\nFrom: ${pki.leaves.rsa.email}\r\n\r\nTransfer 900 to account 5521.\r\n`;
    const inner = await signEntity(utf8(covered), await signer('rsa'));
    const env = await encryptEnvelope({ content: inner, recipients: [{ certificate: pki.leaves.rsa.der }], cipher: 'aes-256-cbc' });
    const r = await decryptMessage(concatBytes(utf8(`From: ${BANK}\r\nMIME-Version: 1.0\r\n`), p7mEntity(env.der)), [recipientKey()], { userRoots: [pki.root.der] });
    expect(r.innerSignature?.trust).toBe('trusted');
    expect(r.innerSignature?.coveredFrom).toEqual([pki.leaves.rsa.email]);
    expect(r.integrityProtected).toBe(false);
  });

  it('both views get the same answer from the background (Gmail frame and Open a message file)', async () => {
    const identity = { certificate: pki.leaves.rsa.der, privateKeyPkcs8: pki.leaves.rsa.pkcs8, chain: [], keyAlgorithm: 'RSA' as const };
    const untrusted = await realEngine.decryptMessage(await signedAroundCbc(), identity, { trustAnchors: [], now: new Date() });
    expect(untrusted.integrityProtected).toBe(false);
    expect(showsIntegrityWarning(untrusted)).toBe(true);
    // The warning list the Gmail frame used to read agrees with the flag "Open a message file" used to read.
    expect(untrusted.warnings.some((w) => w.code === 'not-integrity-protected')).toBe(showsIntegrityWarning(untrusted));
    const trusted = await realEngine.decryptMessage(await signedAroundCbc(), identity, { trustAnchors: [pki.root.der], now: new Date() });
    expect(showsIntegrityWarning(trusted)).toBe(false);
    expect(trusted.warnings.some((w) => w.code === 'not-integrity-protected')).toBe(false);
    // A trusted signer who is not the From shown: both views warn.
    const impostor = await realEngine.decryptMessage(await signedAroundCbc(BANK), identity, { trustAnchors: [pki.root.der], now: new Date() });
    expect(impostor.outerVerify?.trust).toBe('trusted');
    expect(showsIntegrityWarning(impostor)).toBe(true);
    expect(impostor.warnings.some((w) => w.code === 'not-integrity-protected')).toBe(true);
  });
});

describe('decryption that yields no MIME entity', () => {
  it('plaintext that is not a MIME entity (what a wrong key with valid padding gives) is auth-failed', async () => {
    // Bytes with valid padding that are not MIME: exactly what a wrong key produces 1 time in 256.
    const noise = new Uint8Array(333);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 151 + 17) % 256;
    const env = await encryptEnvelope({ content: noise, recipients: [{ certificate: pki.leaves.rsa.der }], cipher: 'aes-256-cbc' });
    const err = await decryptMessage(env.der, [recipientKey()]).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe('auth-failed');
    expect(err?.message).toBe(DECRYPTION_FAILED_MESSAGE); // the same text as every other decryption failure
  });

  it('the envelope layer tries the next candidate and reports the same generic failure', async () => {
    const env = await encryptEnvelope({ content: utf8('Content-Type: text/plain\r\n\r\nok\r\n'), recipients: [{ certificate: pki.leaves.rsa.der }] });
    await expect(decryptEnvelope(env.der, [recipientKey(), recipientKey()], () => false)).rejects.toMatchObject({ code: 'auth-failed', message: DECRYPTION_FAILED_MESSAGE });
    expect((await decryptEnvelope(env.der, [recipientKey()], looksLikeMailContent)).content.length).toBeGreaterThan(0);
  });

  it('accepts header blocks and plain text (openssl cms -encrypt without -text), rejects binary', () => {
    expect(looksLikeMailContent(utf8('Content-Type: text/plain\r\n\r\n\u0000\u0001 binary body'))).toBe(true);
    expect(looksLikeMailContent(utf8('X-A: 1\n folded\nSubject: s\n\nbody'))).toBe(true);
    expect(looksLikeMailContent(utf8('Content-Type: text/plain\r\n'))).toBe(true); // headers only, no body
    expect(looksLikeMailContent(utf8('Lunch moved to 13:30.\n\tSee you, Tanaka\n'))).toBe(true);
    expect(looksLikeMailContent(new Uint8Array([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x1b, 0x28, 0x42, 0x0a]))).toBe(true); // ISO-2022-JP
    expect(looksLikeMailContent(utf8('A: 1\r\nB: \u0000\r\n\r\n'))).toBe(false);
    expect(looksLikeMailContent(utf8('no header\u0002 and a control'))).toBe(false);
    expect(looksLikeMailContent(new Uint8Array([0x30, 0x82, 0x01, 0x00]))).toBe(false);
  });
});
