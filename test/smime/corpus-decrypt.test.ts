// Encrypted corpus messages opened at the message level, as the extension and `smime decrypt` do:
// identities come from the corpus's own PKCS#12 files, and nesting and integrity labels are checked.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { corpusPath, hasCorpus, readCorpus } from '../helpers/corpus';
import { readIdentityFile } from '../../src/crypto/pkcs12/open-identity-file';
import { decryptMessage } from '../../src/crypto/smime/decrypt-message';
import { pemToDer } from '../../src/crypto/base64';
import { isEngineError } from '../../src/crypto/errors';
import type { DecryptionKey } from '../../src/crypto/envelope/decrypt-envelope';

const now = new Date('2026-06-01T00:00:00Z');
async function key(path: string[], password: string): Promise<DecryptionKey> {
  const id = await readIdentityFile(readCorpus(...path), password);
  return { certificate: id.certificate, privateKeyPkcs8: id.privateKeyPkcs8 };
}
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const tbRoots = (): Uint8Array[] => pemToDer(readFileSync(corpusPath('thunderbird', 'tb-smime', 'TestCA.pem'), 'utf8'));

describe.skipIf(!hasCorpus)('encrypted corpus messages', () => {
  const bob = () => key(['thunderbird', 'tb-smime', 'Bob.p12'], 'nss');

  it('NSS default (RSA PKCS#1 v1.5 + AES-128-CBC), not signed inside: readable but labelled not integrity-protected', async () => {
    const r = await decryptMessage(readCorpus('thunderbird', 'tb-smime', 'alice.env.eml'), [await bob()], { now });
    expect(text(r.content)).toContain('This is a test message from Alice to Bob.');
    expect(r.envelope.contentCipher).toBe('AES-128-CBC');
    expect(r.envelope.integrityProtected).toBe(false);
    expect(r.warnings.map((w) => w.code)).toContain('not-integrity-protected');
    expect(r.coverage).toBe('full');
  });

  it.each(['alice.sig.SHA256.opaque.env.eml', 'alice.dsig.SHA256.multipart.env.eml'])('sign-then-encrypt %s: inner signature verified and reported', async (f) => {
    const r = await decryptMessage(readCorpus('thunderbird', 'tb-smime', f), [await bob()], { now, userRoots: tbRoots() });
    expect(r.innerSignature?.signature).toBe('valid');
    expect(r.innerSignature?.trust).toBe('trusted');
    expect(r.innerSignature?.sender).toBe('match');
    expect(r.warnings.map((w) => w.code)).not.toContain('not-integrity-protected');
  });

  it('encrypt-then-sign: the outer signature is reported, the envelope opened, and it protects the ciphertext', async () => {
    const r = await decryptMessage(readCorpus('thunderbird', 'tb-smime', 'alice.env.sig.SHA256.opaque.eml'), [await bob()], { now, userRoots: tbRoots() });
    expect(r.outerSignature?.signature).toBe('valid');
    expect(text(r.content)).toContain('This is a test message from Alice to Bob.');
    expect(r.warnings.map((w) => w.code)).not.toContain('not-integrity-protected');
  });

  it('encrypt-then-sign whose outer signature does not match: opened, but labelled not integrity-protected', async () => {
    const r = await decryptMessage(readCorpus('thunderbird', 'tb-smime', 'alice.env.dsig.SHA256.multipart.eml'), [await bob()], { now, userRoots: tbRoots() });
    expect(r.outerSignature?.signature).toBe('invalid');
    expect(text(r.content)).toContain('This is a test message from Alice to Bob.');
    expect(r.warnings.map((w) => w.code)).toContain('not-integrity-protected');
  });

  it('a message for someone else names its recipients', async () => {
    const dave = await key(['thunderbird', 'tb-smime', 'Dave.p12'], 'nss');
    const err = await decryptMessage(readCorpus('thunderbird', 'tb-smime', 'alice.env.eml'), [dave], { now }).catch((e: unknown) => e);
    expect(isEngineError(err) && err.code).toBe('not-for-this-identity');
    expect(String((err as Error).message)).toMatch(/NSS Test CA/);
  });

  it('legacy 3DES PKCS#12 (Fran) opens RSA-OAEP with a label', async () => {
    const fran = await key(['thunderbird', 'tb-smime-interop', 'Fran.p12'], 'nss');
    const raw = readCorpus('thunderbird', 'tb-smime-interop', 'fran-oaep-label_ossl.env');
    const r = await decryptMessage(raw, [fran], { now });
    expect(text(r.content)).toContain('This is a test message to Fran.');
    expect(r.envelope.usedRecipient.algorithm).toMatch(/OAEP/);
  });

  it('ECDH P-384 without UKM (PKI.js issue #335) decrypts', async () => {
    const franEc = await key(['thunderbird', 'tb-smime-interop', 'Fran-ec.p12'], 'nss');
    const r = await decryptMessage(readCorpus('thunderbird', 'tb-smime-interop', 'fran-ec_ossl-aes256-sha512.env'), [franEc], { now });
    expect(text(r.content)).toContain('This is a test message to Fran.');
  });

  it('LAMPS sign+enc (PKCS#1 v1.5 + 3DES, legacy PKCS#12): inner opaque signature verified', async () => {
    const bobLamps = await key(['lamps-protected-headers-draft', 'bob.der.p12'], 'bob');
    const roots = pemToDer(readFileSync(corpusPath('lamps-protected-headers-draft', 'sample-ca.pem'), 'utf8'));
    const r = await decryptMessage(readCorpus('lamps-protected-headers-draft', 'smime-sign+enc.eml'), [bobLamps], { now, userRoots: roots });
    expect(r.envelope.contentCipher).toMatch(/3DES/);
    expect(r.innerSignature?.signature).toBe('valid');
    expect(r.innerSignature?.trust).toBe('trusted');
  });

  it('covert-content reply wrappers: the encrypted part is decrypted alone and marked partial', async () => {
    const manager = await key(['covert-content', 'assets', 'secret-keys', 'manager@bigcorporation.pfx'], 'test12345678');
    const original = await decryptMessage(readCorpus('covert-content', '01-enc', 'smime', '00-original-mail.eml'), [manager], { now });
    expect(original.coverage).toBe('full');
    for (const f of ['01-reply-mix-alt.eml', '01-reply-mix-css.eml', '02-reply-rel.eml']) {
      const raw = readCorpus('covert-content', '01-enc', 'smime', f);
      const r = await decryptMessage(raw, [manager], { now });
      expect(r.coverage, f).toBe('partial');
      expect(r.warnings.map((w) => w.code), f).toContain('partial-coverage');
      // Only the decrypted entity comes back: none of the attacker's unencrypted sibling text is merged in.
      expect(r.content.length, f).toBe(original.content.length);
    }
  });
});
